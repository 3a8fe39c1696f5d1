-- Why: an area's outline in EPSG:4547 for the btree indexes' count (area-counts-index.sql), as
-- area-leaves.sql projects it, without the quadtree that count does not need: densified to edges of
-- at most 0.001° before projecting (the projected edges then lie within a tenth of a millimetre of
-- the lon/lat ones), shrunk and grown by 0.1 m (hex EWKB), and its box in metres grown by 1 m.
-- $1 the area (geometry text: the clipped polygon's hex EWKB, or GeoJSON).
WITH a AS (SELECT ST_Transform(ST_Segmentize(ST_SetSRID($1::geometry, 4326), 0.001), 4547) AS p)
SELECT encode(ST_AsEWKB(ST_Buffer(a.p, -0.1)), 'hex') AS p_in,
       encode(ST_AsEWKB(ST_Buffer(a.p, 0.1)), 'hex') AS p_out,
       ARRAY[ST_XMin(a.p) - 1, ST_YMin(a.p) - 1, ST_XMax(a.p) + 1, ST_YMax(a.p) + 1] AS box
FROM a

-- Why: a cheap guess of how many issues an area's bounding box holds (the table's row estimate times
-- the box's share of the street's box) and of how long its edge inside the street's box is (metres),
-- to choose between the two exact area counts (area.ts): the cells' cost follows the edge, the
-- index's the issues. $2 the area (geometry text: the clipped polygon's hex EWKB, or GeoJSON).
WITH a AS (SELECT ST_SetSRID($2::geometry, 4326) AS g)
SELECT greatest(c.reltuples, 0) * ST_Area(ST_Envelope(a.g)) / nullif(ST_Area(ST_Envelope(s.boundary)), 0) AS expected,
       ST_Length(ST_ClipByBox2D(ST_Boundary(a.g), ST_Envelope(s.boundary)::box2d)::geography) AS edge_m
FROM a, pg_class c, streets s
WHERE c.oid = 'issues'::regclass AND s.id = $1

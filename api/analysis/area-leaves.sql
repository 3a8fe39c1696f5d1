-- Why: the cells an area is counted by (area-counts.sql), which depend on the polygon and the
-- street's box alone, so they are computed once per area and shape version (area.ts) rather than at
-- every count. The polygon is cut into a quadtree of square cells of EPSG:4547 (160 m down to 10 m,
-- the cells of issue_cells, migration 0028): a cell lying inside the polygon with a 1 m margin is a
-- whole leaf and is not split; a cell its edge crosses is split, down to 10 m, where it is an edge
-- leaf. $1 street, $2 the area (geometry text: the clipped polygon's hex EWKB, or GeoJSON). One row:
-- the leaves as parallel arrays (size in metres, column, row, whole or edge); the polygon in EPSG:4547
-- shrunk and grown by 0.1 m (hex EWKB), for the edge leaves' test; and its box in metres grown by 1 m.
WITH RECURSIVE a AS (
  -- Densified to edges of at most 0.001° (~100 m) before projecting, so the projected edges lie
  -- within a tenth of a millimetre of the lon/lat ones (a 3.4 km edge bows by 7 cm).
  -- sb is the street's box (all its issues lie in it): the quadtree never leaves it, however far
  -- the polygon reaches.
  SELECT p, sb
  FROM (SELECT ST_Transform(ST_Segmentize(ST_SetSRID($2::geometry, 4326), 0.001), 4547) AS p,
               (SELECT ST_Expand(ST_Envelope(ST_Transform(boundary, 4547)), 10) FROM streets WHERE id = $1) AS sb) y
), tree (size_m, ci, cj, inside) AS (
  SELECT 160, c.i, c.j, ST_Within(ST_Expand(c.geom, 1), a.p)
  FROM a, ST_SquareGrid(160, ST_Expand(ST_Intersection(ST_Envelope(a.p), a.sb), 1)) c
  WHERE ST_Intersects(ST_Expand(c.geom, 1), a.p)
  UNION ALL
  SELECT k.size_m, k.ci, k.cj, ST_Within(k.box, a.p)
  FROM tree t
  CROSS JOIN a
  CROSS JOIN LATERAL (
    SELECT t.size_m / 2 AS size_m, t.ci * 2 + d.di AS ci, t.cj * 2 + d.dj AS cj,
           ST_MakeEnvelope((t.ci * 2 + d.di) * (t.size_m / 2) - 1, (t.cj * 2 + d.dj) * (t.size_m / 2) - 1,
                           (t.ci * 2 + d.di + 1) * (t.size_m / 2) + 1, (t.cj * 2 + d.dj + 1) * (t.size_m / 2) + 1, 4547) AS box
    FROM (VALUES (0, 0), (0, 1), (1, 0), (1, 1)) d (di, dj)) k
  WHERE NOT t.inside AND t.size_m > 10 AND ST_Intersects(k.box, a.p) AND ST_Intersects(k.box, a.sb)
), leaves AS (
  SELECT size_m, ci, cj, inside FROM tree WHERE inside OR size_m = 10
)
SELECT coalesce(l.size_m, '{}') AS size_m, coalesce(l.ci, '{}') AS ci, coalesce(l.cj, '{}') AS cj,
       coalesce(l.inside, '{}') AS inside,
       encode(ST_AsEWKB(ST_Buffer(a.p, -0.1)), 'hex') AS p_in,
       encode(ST_AsEWKB(ST_Buffer(a.p, 0.1)), 'hex') AS p_out,
       ARRAY[ST_XMin(a.p) - 1, ST_YMin(a.p) - 1, ST_XMax(a.p) + 1, ST_YMax(a.p) + 1] AS box
FROM a, (SELECT array_agg(size_m) AS size_m, array_agg(ci) AS ci, array_agg(cj) AS cj, array_agg(inside) AS inside FROM leaves) l

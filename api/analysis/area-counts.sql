-- Why: issues inside an area per category and status, for one window, without testing every point.
-- The polygon is laid on the 10 m cells of EPSG:4547 (the cell of each issue is indexed, migration
-- 0023): cells lying inside it with a 1 m margin are counted from the index alone (runs of cells per
-- column, one range scan each); only the issues of cells its edge crosses are tested exactly with
-- ST_Intersects on their stored point. The margin is far above the distance between an edge drawn in
-- lon/lat and the same edge in EPSG:4547, so the split never changes an answer. $3/$4 window,
-- $5 categories, $6 "now" for overdue.
WITH a AS (
  SELECT g, ST_Transform(g, 4547) AS p FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS g) x
), cells AS (
  SELECT c.i, c.j, ST_Within(ST_Expand(c.geom, 1), a.p) AS inside
  FROM a, ST_SquareGrid(10, a.p) c
  WHERE ST_Intersects(ST_Expand(c.geom, 1), a.p)
), runs AS (
  SELECT i, min(j) AS j0, max(j) AS j1
  FROM (SELECT i, j, j - row_number() OVER (PARTITION BY i ORDER BY j) AS run FROM cells WHERE inside) r
  GROUP BY i, run
), hits AS (
  SELECT s.category_code, s.status, s.deadline
  FROM runs r
  JOIN issues s ON s.street_id = $1 AND floor(s.x_m / 10) = r.i AND floor(s.y_m / 10) BETWEEN r.j0 AND r.j1
  WHERE ($3::timestamptz IS NULL OR s.reported_at >= $3)
    AND ($4::timestamptz IS NULL OR s.reported_at < $4)
    AND ($5::text[] IS NULL OR s.category_code = ANY ($5))
  UNION ALL
  SELECT s.category_code, s.status, s.deadline
  FROM cells c
  JOIN issues s ON s.street_id = $1 AND floor(s.x_m / 10) = c.i AND floor(s.y_m / 10) = c.j
  CROSS JOIN a
  WHERE NOT c.inside
    -- IS TRUE keeps the planner from turning this into a GiST probe per edge cell (it did on small
    -- tables: every probe then returned the whole polygon's issues); the cell index finds them.
    AND ST_Intersects(a.g, s.geom) IS TRUE
    AND ($3::timestamptz IS NULL OR s.reported_at >= $3)
    AND ($4::timestamptz IS NULL OR s.reported_at < $4)
    AND ($5::text[] IS NULL OR s.category_code = ANY ($5))
)
SELECT category_code, status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(status) AND deadline < $6)::int AS overdue
FROM hits
GROUP BY category_code, status

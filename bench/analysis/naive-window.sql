-- Why: the naive peer of one more window of an area analysis with before/after: the area's counts
-- per category and status (ST_Intersects through the GiST index) and the street's (the control is
-- their difference), with "overdue" at $4. $1 the area (GeoJSON), $2/$3 window.
WITH win AS (
  SELECT i.category_code, i.status, i.deadline, i.geom FROM issues i
  WHERE i.street_id = 1 AND ($2::timestamptz IS NULL OR i.reported_at >= $2) AND ($3::timestamptz IS NULL OR i.reported_at < $3)
)
SELECT 'street' AS part, category_code, status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(status) AND deadline < $4)::int AS overdue
FROM win GROUP BY 1, 2, 3
UNION ALL
SELECT 'area', i.category_code, i.status, count(*)::int, count(*) FILTER (WHERE is_open(i.status) AND i.deadline < $4)::int
FROM issues i
WHERE i.street_id = 1 AND ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), i.geom)
  AND ($2::timestamptz IS NULL OR i.reported_at >= $2) AND ($3::timestamptz IS NULL OR i.reported_at < $3)
GROUP BY 1, 2, 3

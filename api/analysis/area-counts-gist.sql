-- Why: issues inside an area per category and status, for one window, when the area holds few issues
-- (area.ts decides): the GiST index on the issue points finds the candidates, ST_Intersects decides.
-- Below ~10,000 candidates this beats laying the polygon on cells (area-counts.sql), whose cell
-- classification alone costs ~20 ms. $3/$4 window, $5 categories, $6 "now" for overdue.
SELECT i.category_code, i.status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(i.status) AND i.deadline < $6)::int AS overdue
FROM issues i
WHERE i.street_id = $1
  AND ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), i.geom)
  AND ($3::timestamptz IS NULL OR i.reported_at >= $3)
  AND ($4::timestamptz IS NULL OR i.reported_at < $4)
  AND ($5::text[] IS NULL OR i.category_code = ANY ($5))
GROUP BY i.category_code, i.status

-- Why: the naive peer of area counts: ST_Intersects of the polygon with the street's issues (through
-- the GiST index), per category and status with "overdue" (open and past its deadline at $2), as
-- the fast path answers them. $1 the area (GeoJSON), $2 now, $3/$4 window (null: all time).
SELECT i.category_code, i.status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(i.status) AND i.deadline < $2)::int AS overdue
FROM issues i
WHERE i.street_id = 1 AND ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), i.geom)
  AND ($3::timestamptz IS NULL OR i.reported_at >= $3) AND ($4::timestamptz IS NULL OR i.reported_at < $4)
GROUP BY i.category_code, i.status

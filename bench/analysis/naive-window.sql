-- Why: the naive peer of one more window of an area analysis with before/after: the area's and the
-- street's counts per category and status (the control is their difference), by ST_Intersects over
-- the window's issues, with "overdue" at $4. $1 the area (GeoJSON), $2/$3 window.
SELECT i.category_code, i.status, count(*) FILTER (WHERE ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), i.geom))::int AS area,
       count(*)::int AS street,
       count(*) FILTER (WHERE ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), i.geom) AND is_open(i.status) AND i.deadline < $4)::int AS area_overdue,
       count(*) FILTER (WHERE is_open(i.status) AND i.deadline < $4)::int AS street_overdue
FROM issues i
WHERE i.street_id = 1 AND ($2::timestamptz IS NULL OR i.reported_at >= $2) AND ($3::timestamptz IS NULL OR i.reported_at < $3)
GROUP BY 1, 2

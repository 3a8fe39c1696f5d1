-- Why: the naive peer of area counts: ST_Intersects of the polygon with all the street's issues.
SELECT i.category_code, i.status, count(*)::int AS n
FROM issues i
WHERE i.street_id = 1 AND ST_Intersects(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), i.geom)
GROUP BY i.category_code, i.status

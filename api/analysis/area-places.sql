-- Why: the field points inside the area with the issues of the window reported within 30 m of each
-- (bbox prefilter on the GiST index, exact geodesic distance after), most first.
WITH a AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS g)
SELECT p.code, p.name, p.class_code, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat,
       (SELECT count(*)::int
        FROM filtered_issues($1, $3, $4, $5, NULL, NULL, NULL, NULL) i
        WHERE i.geom && ST_Expand(p.geom, 0.0005)
          AND ST_DWithin(i.geom::geography, p.geom::geography, 30)) AS issues
FROM field_points p, a
WHERE p.street_id = $1 AND ST_Intersects(a.g, p.geom)
ORDER BY issues DESC, p.code

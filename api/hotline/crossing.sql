-- Why: where two named roads of the street meet (交叉口): the point of road $2 nearest road $3, and the
-- gap between them in metres (0 when they cross; a large gap means they do not meet).
WITH a AS (SELECT ST_Union(geom) AS g FROM basemap_features WHERE street_id = $1 AND kind = 'road' AND name = $2),
     b AS (SELECT ST_Union(geom) AS g FROM basemap_features WHERE street_id = $1 AND kind = 'road' AND name = $3)
SELECT ST_X(p) AS lon, ST_Y(p) AS lat, ST_Distance(a.g::geography, b.g::geography) AS gap_m
FROM a, b, LATERAL (SELECT ST_ClosestPoint(a.g, b.g) AS p) c
WHERE a.g IS NOT NULL AND b.g IS NOT NULL

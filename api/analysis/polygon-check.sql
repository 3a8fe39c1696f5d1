-- Why: an analysis polygon must be a valid area (ST_IsValidReason says why not) that meets the street.
WITH a AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS g)
SELECT ST_IsValid(a.g) AS valid,
       ST_IsValidReason(a.g) AS reason,
       CASE WHEN ST_IsValid(a.g) THEN ST_Intersects(s.boundary, a.g) AND ST_Area(ST_Intersection(s.boundary, a.g)) > 0 END AS inside
FROM a, streets s
WHERE s.id = $1

-- Why: the fixed facts of an area: its part of the street in m² (geodesic), the street's area, and
-- the covered part at the radius $3 (cached coverage, EPSG:4547), for per-km² and coverage figures.
-- $2 the area (geometry text: the clipped polygon's hex EWKB, or GeoJSON). Exactly one row.
WITH a AS (SELECT ST_SetSRID($2::geometry, 4326) AS g)
SELECT ST_Area(ST_Intersection(s.boundary, a.g)::geography) AS area_m2,
       ST_Area(s.boundary::geography) AS street_area_m2,
       ST_Area(ST_Intersection(ST_Transform(ST_Intersection(s.boundary, a.g), 4547), c.geom)) AS covered_m2,
       ST_Area(ST_Transform(ST_Intersection(s.boundary, a.g), 4547)) AS area_4547_m2
FROM a, streets s
JOIN bike_coverage c ON c.street_id = s.id AND c.radius_m = $3
WHERE s.id = $1

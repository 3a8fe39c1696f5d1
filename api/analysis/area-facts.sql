-- Why: the fixed facts of an area: its part of the street in m² (geodesic), the street's area, and
-- the covered part at :radius (cached coverage, EPSG:4547), for per-km² and coverage figures.
-- :shape the area (geometry text: the clipped polygon's hex EWKB, or GeoJSON). Exactly one row;
-- `has_coverage` false (and `covered_m2` null) while the radius's coverage is not yet built
-- (area.ts builds it then and asks again), so the coverage is not asked for before every read.
WITH a AS (SELECT ST_SetSRID(:shape::geometry, 4326) AS g)
SELECT ST_Area(ST_Intersection(s.boundary, a.g)::geography) AS area_m2,
       ST_Area(s.boundary::geography) AS street_area_m2,
       ST_Area(ST_Intersection(ST_Transform(ST_Intersection(s.boundary, a.g), 4547), c.geom)) AS covered_m2,
       ST_Area(ST_Transform(ST_Intersection(s.boundary, a.g), 4547)) AS area_4547_m2,
       c.street_id IS NOT NULL AS has_coverage
FROM a, streets s
LEFT JOIN bike_coverage c ON c.street_id = s.id AND c.radius_m = :radius
WHERE s.id = :street

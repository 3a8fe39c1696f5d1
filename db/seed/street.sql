-- Why: loads one street's reference data (everything but issues) from one JSON document, so the
-- seed is a handful of statements whatever the size of the street. $1 = street id, $2 = the data.
WITH d AS (SELECT $2::jsonb AS j)
INSERT INTO streets (id, code, name, population, boundary, area_m2, synthetic)
SELECT $1, j #>> '{street,code}', j #>> '{street,name}', (j #>> '{street,population}')::int,
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(j #>> '{street,boundary}'), 4326)),
       ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(j #>> '{street,boundary}'), 4326)::geography),
       (j #>> '{street,synthetic}')::boolean
FROM d;

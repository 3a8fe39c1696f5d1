-- Why: the communities of a street, areas measured on the spheroid (m²).
INSERT INTO communities (street_id, code, name, population, geom, area_m2, synthetic)
SELECT $1, r.code, r.name, r.population, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4326)),
       ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4326)::geography), r.synthetic
FROM jsonb_to_recordset($2::jsonb) AS r(code text, name text, population int, geom text, synthetic boolean)

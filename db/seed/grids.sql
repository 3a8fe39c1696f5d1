-- Why: the grids of a street, areas measured on the spheroid (m²).
INSERT INTO grids (street_id, code, name, community_code, manager_name, manager_phone, geom, area_m2, synthetic)
SELECT $1, r.code, r.name, r.community_code, r.manager_name, r.manager_phone,
       ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4326)),
       ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(r.geom), 4326)::geography), r.synthetic
FROM jsonb_to_recordset($2::jsonb)
  AS r(code text, name text, community_code text, manager_name text, manager_phone text, geom text, synthetic boolean)

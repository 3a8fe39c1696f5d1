-- Why: the staged grids of the street ($1), each under its community; areas on the spheroid (m²).
INSERT INTO grids (street_id, code, name, community_code, manager_name, manager_phone, geom, area_m2, synthetic)
SELECT $1, code, name, parent, coalesce(manager, ''), coalesce(phone, ''), geom, ST_Area(geom::geography), false
FROM onboard_features WHERE layer = 'grids'

-- Why: the new street, numbered after the last one, its boundary the union of the boundary layer.
-- $1 = code, $2 = name. The caller holds the lock (street-lock.sql), so two imports never take one id.
INSERT INTO streets (id, code, name, boundary, area_m2, synthetic)
SELECT (SELECT coalesce(max(id), 0) + 1 FROM streets), $1, $2, ST_Multi(u.geom), ST_Area(u.geom::geography), false
FROM (SELECT ST_CollectionExtract(ST_Union(geom), 3) AS geom FROM onboard_features WHERE layer = 'boundary') u
RETURNING id, area_m2

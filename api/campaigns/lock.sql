-- Why: one campaign, locked for an edit (NO KEY: a report's tallies check their campaign's key meanwhile, FOR KEY SHARE, and must not wait on it), with its area as GeoJSON (full precision: the detail's counts read this polygon).
SELECT id, name, ST_AsGeoJSON(CASE WHEN ST_NumGeometries(geom) = 1 THEN ST_GeometryN(geom, 1) ELSE geom END, 15)::json AS polygon, area_source, area_units, categories, group_code,
       phases, targets, starts_at, ends_at, baseline_from, baseline_to, archived, version, created_by, created_at, updated_at
FROM campaigns
WHERE street_id = $1 AND id = $2
FOR NO KEY UPDATE

-- Why: a campaign's new version (the whole row rewritten; campaign_versions keeps the old ones).
UPDATE campaigns
SET name = $3, geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($4), 4326)), area_source = $5, area_units = $6,
    categories = $7, group_code = $8, phases = $9::jsonb, targets = $10::jsonb, starts_at = $11, ends_at = $12,
    baseline_from = $13, baseline_to = $14, archived = $15, version = version + 1, updated_at = $16
WHERE street_id = $1 AND id = $2
RETURNING version

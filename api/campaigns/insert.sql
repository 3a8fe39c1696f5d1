-- Why: a new campaign (version 1); $3 is the area as GeoJSON, already checked against the street.
INSERT INTO campaigns (street_id, name, geom, area_source, area_units, categories, group_code, phases, targets,
                       starts_at, ends_at, baseline_from, baseline_to, created_by, created_at, updated_at)
VALUES ($1, $2, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)), $4, $5, $6, $7, $8::jsonb, $9::jsonb,
        $10, $11, $12, $13, $14, $15, $15)
RETURNING id

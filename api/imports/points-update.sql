-- Why: the changed field points of an import, by code, in one statement ($2: JSON array); a row without
-- coordinates keeps the point where it is.
UPDATE field_points p
SET name = e->>'name', class_code = e->>'class_code', address = e->>'address', contact_name = e->>'contact_name',
    contact_phone = e->>'contact_phone', notes = e->>'notes', updated_at = $3,
    geom = CASE WHEN e ? 'lon' THEN ST_SetSRID(ST_MakePoint((e->>'lon')::float8, (e->>'lat')::float8), 4326) ELSE p.geom END
FROM jsonb_array_elements($2::jsonb) e
WHERE p.street_id = $1 AND p.code = e->>'code'

-- Why: the new field points of an import in one statement ($2: JSON array); grid and community come from the assignment trigger.
INSERT INTO field_points (street_id, code, name, class_code, address, contact_name, contact_phone, notes, updated_at, geom, synthetic)
SELECT $1, e->>'code', e->>'name', e->>'class_code', e->>'address', e->>'contact_name', e->>'contact_phone', e->>'notes', $3,
       ST_SetSRID(ST_MakePoint((e->>'lon')::float8, (e->>'lat')::float8), 4326), false
FROM jsonb_array_elements($2::jsonb) e

-- Why: field points and issue categories reference the classes and groups, so they load after them.
WITH d AS (SELECT $2::jsonb AS j),
pts AS (
  INSERT INTO field_points (street_id, code, name, class_code, address, contact_name, contact_phone, notes,
                            updated_at, geom, synthetic)
  SELECT $1, e->>'code', e->>'name', e->>'class_code', e->>'address', e->>'contact_name', e->>'contact_phone',
         e->>'notes', (e->>'updated_at')::timestamptz,
         ST_SetSRID(ST_MakePoint((e#>>'{lonlat,0}')::float8, (e#>>'{lonlat,1}')::float8), 4326),
         (e->>'synthetic')::boolean
  FROM d, jsonb_array_elements(j->'points') AS t(e)
  RETURNING id
)
INSERT INTO categories (street_id, code, name, time_limit_value, time_limit_unit, default_group_code, sort)
SELECT $1, e->>'code', e->>'name', (e->>'time_limit_value')::int, e->>'time_limit_unit',
       e->>'default_group_code', n::int
FROM d, jsonb_array_elements(j->'categories') WITH ORDINALITY AS t(e, n)

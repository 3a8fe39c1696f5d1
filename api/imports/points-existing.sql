-- Why: the field points an import names by code, with what it may change, to tell new, changed and unchanged rows apart.
SELECT code, name, class_code, address, contact_name, contact_phone, notes, ST_X(geom) AS lon, ST_Y(geom) AS lat
FROM field_points
WHERE street_id = $1 AND code = ANY($2::text[])

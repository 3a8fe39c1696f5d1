-- Why: an admin's edit of a checklist is a new version ($3); earlier versions stay as they were, so
-- inspections scored with them keep their items. $5 = [{ code, text, points, category, photo_required }].
-- Returns one row per item whose category exists; the caller compares the count.
WITH v AS (
  INSERT INTO checklists (street_id, class_code, version, created_at, created_by, synthetic)
  VALUES ($1, $2, $3, $6, $4, false)
  RETURNING class_code, version
)
INSERT INTO checklist_items (street_id, class_code, version, code, sort, text, points, category_code, photo_required)
SELECT $1, v.class_code, v.version, i->>'code', n::int, i->>'text', (i->>'points')::int, k.code, (i->>'photo_required')::boolean
FROM v, jsonb_array_elements($5::jsonb) WITH ORDINALITY AS t(i, n)
JOIN categories k ON k.street_id = $1 AND k.code = i->>'category'
RETURNING code

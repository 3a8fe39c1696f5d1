-- Why: each point class of the new street ($1) gets the current checklist of the first street ($2) as its version 1.
WITH cur AS (
  SELECT DISTINCT ON (class_code) class_code, version FROM checklists WHERE street_id = $2 ORDER BY class_code, version DESC
), c AS (
  INSERT INTO checklists (street_id, class_code, version, created_by, synthetic)
  SELECT $1, class_code, 1, 'import', false FROM cur
  RETURNING class_code
)
INSERT INTO checklist_items (street_id, class_code, version, code, sort, text, points, category_code, photo_required)
SELECT $1, i.class_code, 1, i.code, i.sort, i.text, i.points, i.category_code, i.photo_required
FROM checklist_items i JOIN cur ON cur.class_code = i.class_code AND cur.version = i.version
WHERE i.street_id = $2 AND i.class_code IN (SELECT class_code FROM c)

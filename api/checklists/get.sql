-- Why: a point class's checklist, the current version or the one asked for ($3, NULL = current), with
-- its items in order. $1 street, $2 class code (NULL = every class, each at its current version).
WITH v AS (
  SELECT DISTINCT ON (c.class_code) c.class_code, c.version, c.created_at, c.created_by, c.synthetic
  FROM checklists c
  WHERE c.street_id = $1 AND ($2::text IS NULL OR c.class_code = $2) AND ($3::int IS NULL OR c.version = $3)
  ORDER BY c.class_code, c.version DESC
)
SELECT v.class_code, pc.name AS class_name, v.version, v.created_at, v.created_by, v.synthetic,
       coalesce(jsonb_agg(jsonb_build_object(
         'code', i.code, 'text', i.text, 'points', i.points, 'category', i.category_code,
         'category_name', k.name, 'photo_required', i.photo_required) ORDER BY i.sort), '[]') AS items
FROM v
JOIN point_classes pc ON pc.street_id = $1 AND pc.code = v.class_code
LEFT JOIN checklist_items i ON i.street_id = $1 AND i.class_code = v.class_code AND i.version = v.version
LEFT JOIN categories k ON k.street_id = $1 AND k.code = i.category_code
GROUP BY v.class_code, pc.name, pc.sort, v.version, v.created_at, v.created_by, v.synthetic
ORDER BY pc.sort, v.class_code

-- Why: version 1 of each point class's checklist (督查测评). $1 = street id, $2 = [{ class_code,
-- items: [{ code, text, points, category, photo_required }] }]. An item whose category the street
-- lacks takes the street's first category, so a seed never fails on a foreign code.
WITH d AS (SELECT jsonb_array_elements($2::jsonb) AS c),
v AS (
  INSERT INTO checklists (street_id, class_code, version, created_by, synthetic)
  SELECT $1, c->>'class_code', 1, 'seed', true FROM d
  RETURNING class_code
)
INSERT INTO checklist_items (street_id, class_code, version, code, sort, text, points, category_code, photo_required)
SELECT $1, v.class_code, 1, i->>'code', n::int, i->>'text', (i->>'points')::int,
       coalesce((SELECT k.code FROM categories k WHERE k.street_id = $1 AND k.code = i->>'category'),
                (SELECT k.code FROM categories k WHERE k.street_id = $1 ORDER BY k.sort, k.code LIMIT 1)),
       (i->>'photo_required')::boolean
FROM v JOIN d ON d.c->>'class_code' = v.class_code,
     jsonb_array_elements(d.c->'items') WITH ORDINALITY AS t(i, n)

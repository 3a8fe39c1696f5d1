-- Why: a database seeded before checklists existed (0060) has point classes whose checklist is only
-- text (point_classes.checklist). Each such class gets version 1 from that text: 5 points per item,
-- the category guessed from the wording, no photo required. Admins refine them in /admin; a fresh
-- database gets the fuller seed checklists instead (db/seed/checklists.sql).
WITH src AS (
  SELECT pc.street_id, pc.code AS class_code, e.text, e.n
  FROM point_classes pc, jsonb_array_elements_text(pc.checklist) WITH ORDINALITY AS e(text, n)
  WHERE NOT EXISTS (SELECT 1 FROM checklists c WHERE c.street_id = pc.street_id AND c.class_code = pc.code)
),
guess AS (
  SELECT src.*, CASE
    WHEN text ~ '垃圾|污水|积水|异味|洁净|干净' THEN 'exposed_garbage'
    WHEN text ~ '占道|摊' THEN 'street_vending'
    WHEN text ~ '堆|杂物' THEN 'clutter'
    WHEN text ~ '牛皮癣|小广告|涂画' THEN 'flyposting'
    WHEN text ~ '搭建' THEN 'illegal_building'
    WHEN text ~ '停放|车辆' THEN 'illegal_parking'
    WHEN text ~ '广告|宣传|标识|公约|公示|公开|台账|名册|指南' THEN 'missing_psa'
    WHEN text ~ '路面|坑洼|设施|完好' THEN 'road_damage'
    WHEN text ~ '绿化' THEN 'green_damage'
    WHEN text ~ '市场|秤|划行' THEN 'market_disorder'
    WHEN text ~ '门前三包' THEN 'frontage'
    ELSE 'uncivil_behaviour' END AS guessed
  FROM src
),
v AS (
  INSERT INTO checklists (street_id, class_code, version, created_by, synthetic)
  SELECT DISTINCT street_id, class_code, 1, 'migration', true FROM src
  RETURNING street_id, class_code
)
INSERT INTO checklist_items (street_id, class_code, version, code, sort, text, points, category_code, photo_required)
SELECT g.street_id, g.class_code, 1, 'i' || lpad(g.n::text, 2, '0'), g.n::int, g.text, 5,
       coalesce((SELECT k.code FROM categories k WHERE k.street_id = g.street_id AND k.code = g.guessed),
                (SELECT k.code FROM categories k WHERE k.street_id = g.street_id ORDER BY k.sort, k.code LIMIT 1)),
       false
FROM guess g JOIN v USING (street_id, class_code);

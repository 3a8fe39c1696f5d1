-- Why: inspections for reading (the phone's 最近得分, /plan's drill-down), newest first, with their
-- answers joined to the items of the version they were scored with. Filters are optional (NULL = any);
-- :latest keeps only the newest inspection per point; :scope = a grid manager's grids (NULL = all).
WITH f AS (
  SELECT i.*, row_number() OVER (PARTITION BY i.point_code ORDER BY i.at DESC, i.id DESC) AS nth
  FROM inspections i
  WHERE i.street_id = :street
    AND (:point::text IS NULL OR i.point_code = :point)
    AND (:week_start::date IS NULL OR i.week_start = :week_start::date)
    AND (:grid::text IS NULL OR i.grid_code = :grid)
    AND (:community::text IS NULL OR i.community_code = :community)
    AND (:scope::text[] IS NULL OR i.grid_code = ANY (:scope::text[]))
),
page AS (
  SELECT * FROM f WHERE NOT :latest::boolean OR nth = 1 ORDER BY at DESC, id DESC LIMIT :limit
)
SELECT p.id, p.point_code, fp.name AS point_name, p.class_code, p.checklist_version, p.at, p.week_start, p.score,
       p.failed_items, p.grid_code, p.community_code, p.inspector,
       (SELECT jsonb_agg(jsonb_build_object(
                 'code', a.item_code, 'text', ci.text, 'points', ci.points, 'category', ci.category_code,
                 'pass', a.pass, 'note', a.note, 'photos', to_jsonb(a.photos), 'issue_id', a.issue_id) ORDER BY ci.sort)
        FROM inspection_items a
        JOIN checklist_items ci ON ci.street_id = a.street_id AND ci.class_code = p.class_code
                               AND ci.version = p.checklist_version AND ci.code = a.item_code
        WHERE a.street_id = :street AND a.inspection_id = p.id) AS items
FROM page p
JOIN field_points fp ON fp.street_id = :street AND fp.code = p.point_code
ORDER BY p.at DESC, p.id DESC

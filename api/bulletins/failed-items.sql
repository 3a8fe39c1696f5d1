-- Why: the 通报's most frequent failed items of a week (every inspection of the week counts), with
-- how many points failed each. $1 street, $2 the week's Monday, $3 how many rows.
SELECT pc.name AS class_name, ci.text, count(*)::int AS times, count(DISTINCT i.point_code)::int AS points
FROM inspections i
JOIN inspection_items a ON a.street_id = i.street_id AND a.inspection_id = i.id AND NOT a.pass
JOIN checklist_items ci ON ci.street_id = i.street_id AND ci.class_code = i.class_code
                       AND ci.version = i.checklist_version AND ci.code = a.item_code
JOIN point_classes pc ON pc.street_id = i.street_id AND pc.code = i.class_code
WHERE i.street_id = $1 AND i.week_start = $2::date
GROUP BY pc.name, pc.sort, ci.text
ORDER BY times DESC, points DESC, pc.sort, ci.text
LIMIT $3

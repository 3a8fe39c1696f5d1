-- Why: the 通报's list of problems raised by the week's inspections that are still open ($3 = now:
-- overdue ones are marked), oldest deadline first. $1 street, $2 the week's Monday, $4 how many.
SELECT s.id, s.notice_no, k.name AS category_name, s.description, s.status, s.reported_at, s.deadline,
       s.deadline < $3 AS overdue, c.name AS community_name, g.name AS grid_name, fp.name AS point_name
FROM inspections i
JOIN inspection_items a ON a.street_id = i.street_id AND a.inspection_id = i.id AND a.issue_id IS NOT NULL
JOIN issues s ON s.street_id = i.street_id AND s.id = a.issue_id
JOIN categories k ON k.street_id = s.street_id AND k.code = s.category_code
JOIN communities c ON c.street_id = s.street_id AND c.code = s.community_code
JOIN grids g ON g.street_id = s.street_id AND g.code = s.grid_code
JOIN field_points fp ON fp.street_id = i.street_id AND fp.code = i.point_code
WHERE i.street_id = $1 AND i.week_start = $2::date AND is_open(s.status)
ORDER BY s.deadline NULLS LAST, s.id
LIMIT $4

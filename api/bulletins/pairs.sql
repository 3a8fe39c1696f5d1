-- Why: before/after photo pairs for the 通报: problems raised by inspections and closed (销号) in
-- the week [$2, $3), each with its report's first photo and its last rectification photo. $4 = how many.
SELECT s.id, s.description, k.name AS category_name, fp.name AS point_name, s.closed_at,
       b.mime AS before_mime, b.data AS before_data, f.mime AS after_mime, f.data AS after_data
FROM inspection_items a
JOIN inspections i ON i.street_id = a.street_id AND i.id = a.inspection_id
JOIN field_points fp ON fp.street_id = i.street_id AND fp.code = i.point_code
JOIN issues s ON s.street_id = a.street_id AND s.id = a.issue_id
JOIN categories k ON k.street_id = s.street_id AND k.code = s.category_code
CROSS JOIN LATERAL (
  SELECT p.mime, p.data FROM issue_photos p JOIN issue_events e ON e.street_id = p.street_id AND e.id = p.event_id
  WHERE p.street_id = s.street_id AND p.issue_id = s.id AND e.action = 'report' ORDER BY p.id LIMIT 1) b
CROSS JOIN LATERAL (
  SELECT p.mime, p.data FROM issue_photos p JOIN issue_events e ON e.street_id = p.street_id AND e.id = p.event_id
  WHERE p.street_id = s.street_id AND p.issue_id = s.id AND e.action = 'rectify' ORDER BY p.id DESC LIMIT 1) f
WHERE a.street_id = $1 AND a.issue_id IS NOT NULL AND s.status = 'closed' AND s.closed_at >= $2 AND s.closed_at < $3
ORDER BY s.closed_at, s.id
LIMIT $4

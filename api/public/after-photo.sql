-- Why: the after photo the reporter's timeline shows: only a photo of a 已整改 step of their issue.
SELECT p.mime, p.data, p.sha256
FROM public_reports r
JOIN issue_photos p ON p.street_id = r.street_id AND p.issue_id = r.issue_id
JOIN issue_events e ON e.street_id = p.street_id AND e.id = p.event_id AND e.action = 'rectify'
WHERE r.street_id = $1 AND r.code = $2
ORDER BY e.at DESC, p.id DESC
LIMIT 1

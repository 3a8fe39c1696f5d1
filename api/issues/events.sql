-- Why: the whole timeline of an issue, oldest first, with the photos attached at each step (by
-- their public ids, in upload order).
SELECT e.id, e.at, e.actor, e.action, e.from_status AS "from", e.to_status AS "to", e.note, e.data,
       COALESCE((SELECT array_agg(p.public_id::text ORDER BY p.id) FROM issue_photos p
                 WHERE p.street_id = e.street_id AND p.event_id = e.id), '{}') AS photos
FROM issue_events e
WHERE e.street_id = $1 AND e.issue_id = $2
ORDER BY e.at, e.id

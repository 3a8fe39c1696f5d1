-- Why: the leader's list of issues closed on doubtful evidence: the photos (before and after) of the
-- street's issues closed in a window, with the evidence the warnings are judged on (evidence.ts).
SELECT i.id AS issue_id, i.closed_at, i.grid_code, i.category_code, i.description,
       p.public_id::text AS id, e.action, p.taken_at, p.taken_lon AS lon, p.taken_lat AS lat,
       p.evidence_source AS source, p.evidence_flags AS flags, p.phash, i.reported_at,
       CASE WHEN p.taken_lon IS NULL OR p.taken_lat IS NULL THEN NULL
            ELSE ST_Distance(i.geom::geography, ST_SetSRID(ST_MakePoint(p.taken_lon, p.taken_lat), 4326)::geography)
       END AS distance_m
FROM issues i
JOIN issue_photos p ON p.street_id = i.street_id AND p.issue_id = i.id
JOIN issue_events e ON e.street_id = p.street_id AND e.id = p.event_id AND e.action IN ('report', 'rectify')
WHERE i.street_id = $1 AND i.status = 'closed' AND i.closed_at >= $2 AND i.closed_at <= $3
ORDER BY i.closed_at DESC, i.id, p.id

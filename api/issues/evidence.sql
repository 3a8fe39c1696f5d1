-- Why: the evidence of an issue's photos for 回头看: where and when each was taken, how far from the
-- issue (metres on the spheroid), its perceptual hash, and the step it was attached at.
SELECT p.public_id::text AS id, e.action, p.taken_at, p.taken_lon AS lon, p.taken_lat AS lat,
       p.evidence_source AS source, p.evidence_flags AS flags, p.phash, i.reported_at,
       CASE WHEN p.taken_lon IS NULL OR p.taken_lat IS NULL THEN NULL
            ELSE ST_Distance(i.geom::geography, ST_SetSRID(ST_MakePoint(p.taken_lon, p.taken_lat), 4326)::geography)
       END AS distance_m
FROM issue_photos p
JOIN issue_events e ON e.street_id = p.street_id AND e.id = p.event_id
JOIN issues i ON i.street_id = p.street_id AND i.id = p.issue_id
WHERE p.street_id = $1 AND p.issue_id = $2
ORDER BY p.id

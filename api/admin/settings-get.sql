-- Why: the street's closed-loop settings, with the defaults the loop uses when the row is missing
-- (api/issues/duplicates.sql, api/deadlines/escalate.sql).
SELECT coalesce(l.duplicate_radius_m, 50) AS duplicate_radius_m,
       coalesce(l.escalate_after_hours, 24) AS escalate_after_hours,
       coalesce(l.street_leader, '街道党工委书记') AS street_leader
FROM streets s LEFT JOIN loop_settings l ON l.street_id = s.id
WHERE s.id = $1

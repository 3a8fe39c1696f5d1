-- Why: the issues of the next escalation batch (api/deadlines/escalate.ts), at most $4, earliest
-- deadline first, locked before escalate.sql writes their events. A transition locks its issue, then
-- takes 0190's event lock; the escalation takes them in the same order, so the two cannot deadlock,
-- and an issue being transitioned right now is skipped for the next pass instead of waited for.
-- $1 street, $2 now, $3 'remind' | 'supervise', $4 batch size. Both bounds are on the deadline itself
-- (not deadline + delay), so the open issues' deadline index reads only those due.
WITH s AS (
  SELECT COALESCE((SELECT escalate_after_hours FROM loop_settings WHERE street_id = $1), 24) AS after_h
)
SELECT i.id
FROM issues i, s
WHERE i.street_id = $1 AND is_open(i.status) AND i.deadline IS NOT NULL
  AND ($3 <> 'remind' OR (i.reminded_at IS NULL AND i.deadline <= $2::timestamptz))
  AND ($3 <> 'supervise' OR (i.escalated_at IS NULL
       AND i.deadline <= $2::timestamptz - make_interval(secs => s.after_h * 3600)))
ORDER BY i.deadline, i.id
LIMIT $4
FOR UPDATE OF i SKIP LOCKED

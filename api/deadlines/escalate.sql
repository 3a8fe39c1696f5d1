-- Why: 催办 at the deadline and 督办 a configurable delay later, each written once per issue (the
-- marks on the issue row) together with its audit event, in one statement. $1 street, $2 now,
-- $3 'remind' | 'supervise', $4 the ids escalate-due.sql chose and locked in this transaction: they
-- stay due until it ends, so no condition is checked again here. The statement writes issue
-- events, so from its start until its transaction commits every writer of issue events waits
-- (0190), and a pass after hours away must not hold them for all it finds.
WITH s AS (
  SELECT COALESCE((SELECT street_leader FROM loop_settings WHERE street_id = $1), '街道党工委书记') AS leader
), due AS (
  UPDATE issues i
  SET reminded_at  = CASE WHEN $3 = 'remind' THEN $2::timestamptz ELSE i.reminded_at END,
      escalated_at = CASE WHEN $3 = 'supervise' THEN $2::timestamptz ELSE i.escalated_at END
  FROM s
  WHERE i.street_id = $1 AND i.id = ANY ($4::bigint[])
  RETURNING i.id, i.status, i.group_code, i.deadline, s.leader
)
INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status, note, data)
SELECT $1, d.id, $2, '系统', $3, d.status, d.status,
       CASE WHEN $3 = 'remind' THEN '已到整改期限，催办' ELSE '超期未办结，督办：' || concat_ws('、', g.leader_name, d.leader) END,
       jsonb_build_object('deadline', d.deadline, 'notify',
         CASE WHEN $3 = 'remind' THEN jsonb_build_array(d.group_code)
              ELSE jsonb_build_array(g.leader_name, d.leader) END)
FROM due d
LEFT JOIN groups g ON g.street_id = $1 AND g.code = d.group_code
ORDER BY d.id
RETURNING id

-- Why: a leader's 督办 by hand (催办 and 督办 also come from the deadline timer, escalate.sql): one
-- event on an open issue, by the signed-in leader, with their note and whom it notifies; the issue's
-- escalated_at keeps its first mark. No row = the issue is not open (or does not exist).
-- $1 street, $2 issue, $3 now, $4 actor, $5 note.
WITH i AS (
  UPDATE issues SET escalated_at = COALESCE(escalated_at, $3::timestamptz)
  WHERE street_id = $1 AND id = $2 AND is_open(status)
  RETURNING id, status, group_code
)
INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status, note, data)
SELECT $1, i.id, $3, $4, 'supervise', i.status, i.status, $5,
       jsonb_build_object('manual', true, 'notify', jsonb_build_array(i.group_code, g.leader_name))
FROM i LEFT JOIN groups g ON g.street_id = $1 AND g.code = i.group_code
RETURNING id

-- Why: bulk-loads the timelines of generated issues (the audit trail).
INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status, note)
SELECT $1, r.issue_id, r.at, r.actor, r.action, r.from_status, r.to_status, r.note
FROM jsonb_to_recordset($2::jsonb) AS r(issue_id bigint, at timestamptz, actor text, action text,
       from_status text, to_status text, note text)
ORDER BY r.issue_id, r.at

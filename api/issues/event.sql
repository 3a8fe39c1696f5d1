-- Why: the audit trail: every change of an issue writes one event in the same transaction.
INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status, note, data)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
RETURNING id

-- Why: the optimistic step of the state machine. The row is locked, and only a row still in an
-- allowed state (and at the client's version, when it sent one) is moved, so of two simultaneous
-- transitions exactly one matches; the other finds no row and answers 409. $3 allowed states,
-- $4 new state, $5 now, $6 action, $7 merge target, $8 expected version, $9 new deadline or NULL.
WITH cur AS (
  SELECT id, status FROM issues WHERE street_id = $1 AND id = $2 FOR UPDATE
)
UPDATE issues i SET
  status       = $4,
  version      = i.version + 1,
  closed_at    = CASE WHEN $4 IN ('closed', 'answered') THEN $5::timestamptz
                      WHEN cur.status IN ('closed', 'answered') THEN NULL ELSE i.closed_at END,
  rework_count = i.rework_count + CASE WHEN $6 = 'reject' THEN 1 ELSE 0 END,
  merged_into  = CASE WHEN $6 = 'merge' THEN $7::bigint ELSE i.merged_into END,
  deadline     = COALESCE($9::timestamptz, i.deadline),
  reminded_at  = CASE WHEN $9::timestamptz IS NULL THEN i.reminded_at END,
  escalated_at = CASE WHEN $9::timestamptz IS NULL THEN i.escalated_at END
FROM cur
WHERE i.street_id = $1 AND i.id = cur.id AND cur.status = ANY ($3::text[])
  AND ($8::int IS NULL OR i.version = $8::int)
RETURNING cur.status AS from_status, i.status, i.version

-- Why: one calendar day as it was before an edit, locked so concurrent edits are serialised.
SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM calendar_days
WHERE street_id = $1 AND day = $2::date FOR UPDATE

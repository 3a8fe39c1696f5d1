-- Why: stores the first answer with its key, in the write's own transaction.
UPDATE idempotency_keys SET status = $3, body = $4 WHERE street_id = $1 AND key = $2

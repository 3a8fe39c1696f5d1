-- Why: the answer kept for a key that is already taken, to replay it or refuse another body.
SELECT request_hash, status, body FROM idempotency_keys WHERE street_id = $1 AND key = $2

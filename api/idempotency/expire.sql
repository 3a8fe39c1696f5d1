-- Why: keys are kept for a retention window longer than a phone stays offline; older ones go.
DELETE FROM idempotency_keys WHERE street_id = $1 AND created_at < $2

-- Why: claims an Idempotency-Key before the write. On a server a second request with the same key
-- waits here until the first one's transaction ends, then finds its row (no row returned = taken).
INSERT INTO idempotency_keys (street_id, key, actor, request_hash, created_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (street_id, key) DO NOTHING
RETURNING key

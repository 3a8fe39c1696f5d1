-- Why: counts one request of a key (a client address, a device) in the current time bucket, in one
-- atomic upsert shared by every process, BEFORE any slow work; returns the count so far.
INSERT INTO public_rate AS r (street_id, key, bucket, hits)
VALUES ($1, $2, $3, 1)
ON CONFLICT (street_id, key, bucket) DO UPDATE SET hits = r.hits + 1
RETURNING hits

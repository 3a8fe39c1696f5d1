-- Why: counts one login attempt for a key BEFORE the password is checked, in one atomic upsert, so a
-- burst of parallel guesses cannot all pass a check that only counts them afterwards. Returns a row
-- when the attempt may proceed: the window has passed ($window_s), the key is under its limit
-- ($max), or (backoff keys only, $spacing_s not null) the last attempt was long enough ago.
INSERT INTO login_attempts AS a (street_id, scope, key, window_start, attempts, last_at)
VALUES ($1, $2, $3, $4::timestamptz, 1, $4::timestamptz)
ON CONFLICT (street_id, scope, key) DO UPDATE SET
  window_start = CASE WHEN a.window_start <= $4::timestamptz - $5::int * interval '1 second' THEN $4::timestamptz ELSE a.window_start END,
  attempts = CASE WHEN a.window_start <= $4::timestamptz - $5::int * interval '1 second' THEN 1 ELSE a.attempts + 1 END,
  last_at = $4::timestamptz
WHERE a.window_start <= $4::timestamptz - $5::int * interval '1 second'
   OR a.attempts < $6::int
   OR a.last_at <= $4::timestamptz - $7::int * interval '1 second'
RETURNING attempts

-- Why: a proof-of-work challenge is a random seed the server remembers until it is answered or expires.
WITH gone AS (DELETE FROM public_challenges WHERE street_id = $1 AND expires_at < $4)
INSERT INTO public_challenges (street_id, seed, bits, expires_at)
VALUES ($1, $2, $3, $4::timestamptz + $5::int * interval '1 second')
RETURNING seed, bits, expires_at

-- Why: a challenge is answered once: taking it deletes it, so one solution cannot be replayed.
DELETE FROM public_challenges WHERE street_id = $1 AND seed = $2 AND expires_at >= $3
RETURNING bits

-- Why: disabling an account or resetting its password ends every session it has open.
DELETE FROM sessions WHERE street_id = $1 AND username = $2 RETURNING 1

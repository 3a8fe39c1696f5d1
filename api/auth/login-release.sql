-- Why: gives back one attempt that turned out not to be a guess (the right password, or an attempt
-- refused by another key before any password was checked).
UPDATE login_attempts SET attempts = greatest(attempts - 1, 0) WHERE street_id = $1 AND scope = $2 AND key = $3

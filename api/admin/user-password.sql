-- Why: an admin resets a password (the new scrypt hash; the clear password is never stored).
UPDATE users SET password_hash = $3 WHERE street_id = $1 AND username = $2

-- Why: a new account's phone (INSERT_USER, shared with the bootstrap and the tests, leaves it empty).
UPDATE users SET phone = $3 WHERE street_id = $1 AND username = $2

-- Why: two admins editing one account at once are serialised on the account's row.
SELECT username FROM users WHERE street_id = $1 AND username = $2 FOR UPDATE

-- Why: a district account remembers the street it switched to, on the account (every browser).
UPDATE users SET street_choice = $3 WHERE street_id = $1 AND username = $2

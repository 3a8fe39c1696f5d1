-- Why: a district-wide token (migration 0201) for a district account's machine clients: kiosk, in the
-- account's home street. $1 street, $2 name, $3 the secret's hash, $4 issued by, $5 expiry.
INSERT INTO api_tokens (street_id, name, token_hash, role, district, created_by, expires_at)
VALUES ($1, $2, $3, 'kiosk', true, $4, $5)
RETURNING id, name, role, district, created_at, expires_at

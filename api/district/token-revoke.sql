-- Why: a district account revokes the district tokens of its home street, and only those.
UPDATE api_tokens SET revoked_at = $3
WHERE street_id = $1 AND id = $2 AND district AND revoked_at IS NULL
RETURNING id

-- Why: a stream outlives the request that opened it. To end it when its credential is revoked or
-- expires it needs the token's id (what a revocation names) and the session's expiry.
-- $1 = the SHA-256 of the presented cookie or bearer secret.
SELECT NULL::bigint AS token_id, expires_at FROM sessions WHERE token_hash = $1
UNION ALL
SELECT id, expires_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL

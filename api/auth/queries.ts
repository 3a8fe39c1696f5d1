/** The SQL of accounts, sessions and tokens; every statement filters on the street. */

/** A user with the grids of their patch, by username. */
export const USER_BY_NAME = `
SELECT u.username, u.role, u.group_code, u.password_hash, u.disabled,
       coalesce(array_agg(g.grid_code ORDER BY g.grid_code) FILTER (WHERE g.grid_code IS NOT NULL), '{}') AS grids
FROM users u
LEFT JOIN user_grids g ON g.street_id = u.street_id AND g.username = u.username
WHERE u.street_id = $1 AND u.username = $2
GROUP BY u.street_id, u.username`

/** The user behind a live session cookie. */
export const USER_BY_SESSION = `
SELECT u.street_id, u.username, u.role, u.group_code, u.disabled, u.district, u.street_choice,
       coalesce(array_agg(g.grid_code ORDER BY g.grid_code) FILTER (WHERE g.grid_code IS NOT NULL), '{}') AS grids,
       min(s.expires_at) AS expires_at
FROM sessions s
JOIN users u ON u.street_id = s.street_id AND u.username = s.username
LEFT JOIN user_grids g ON g.street_id = u.street_id AND g.username = u.username
WHERE s.token_hash = $1 AND s.expires_at > $2
GROUP BY u.street_id, u.username`

/** The role behind a live API token: not revoked, not expired at $2. */
export const TOKEN_BY_HASH = `
SELECT street_id, id, name, role, district, expires_at FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2`

/** Records a token's use, to the minute: a wall display polling every few seconds writes once a minute. */
export const TOKEN_USED = `
UPDATE api_tokens SET last_used_at = $3
WHERE street_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at <= $3::timestamptz - interval '1 minute')`

export const INSERT_SESSION = `
INSERT INTO sessions (street_id, token_hash, username, expires_at) VALUES ($1, $2, $3, $4)`

export const DELETE_SESSION = `DELETE FROM sessions WHERE token_hash = $1`

export const DELETE_EXPIRED_SESSIONS = `DELETE FROM sessions WHERE street_id = $1 AND expires_at <= $2`

export const INSERT_USER = `
INSERT INTO users (street_id, username, display_name, password_hash, role, group_code) VALUES ($1, $2, $3, $4, $5, $6)`

export const INSERT_USER_GRID = `INSERT INTO user_grids (street_id, username, grid_code) VALUES ($1, $2, $3)`

export const COUNT_USERS = `SELECT count(*)::int AS n FROM users WHERE street_id = $1`

export const INSERT_AUDIT = `
INSERT INTO audit_log (street_id, actor, action, target, detail, address) VALUES ($1, $2, $3, $4, $5, $6)`

export const INSERT_TOKEN = `
INSERT INTO api_tokens (street_id, name, token_hash, role, created_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id, name, role, created_at, expires_at`

export const LIST_TOKENS = `
SELECT id, name, role, created_by, created_at, expires_at, last_used_at, revoked_at
FROM api_tokens WHERE street_id = $1 ORDER BY id`

/** Stores a password hash again, with today's scrypt cost, after a login with an older one. */
export const REHASH_PASSWORD = `
UPDATE users SET password_hash = $4 WHERE street_id = $1 AND username = $2 AND password_hash = $3`

export const REVOKE_TOKEN = `
UPDATE api_tokens SET revoked_at = $3 WHERE street_id = $1 AND id = $2 AND revoked_at IS NULL RETURNING id`

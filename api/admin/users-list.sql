-- Why: the admins' list of accounts (never the password hash), each with the grids of their patch;
-- $2 = one username, or null for all.
SELECT u.username, u.display_name, u.role, u.group_code, u.phone, u.disabled, u.created_at,
       coalesce(array_agg(g.grid_code ORDER BY g.grid_code) FILTER (WHERE g.grid_code IS NOT NULL), '{}') AS grids
FROM users u
LEFT JOIN user_grids g ON g.street_id = u.street_id AND g.username = u.username
WHERE u.street_id = $1 AND ($2::text IS NULL OR u.username = $2)
GROUP BY u.street_id, u.username
ORDER BY u.username

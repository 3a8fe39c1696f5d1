-- Why: an admin's edit of an account (role, name, group, disabled, phone); the grids are set separately.
UPDATE users SET display_name = $3, role = $4, group_code = $5, disabled = $6, phone = $7
WHERE street_id = $1 AND username = $2

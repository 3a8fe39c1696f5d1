-- Why: an account's patch is replaced as a whole when an admin changes it.
DELETE FROM user_grids WHERE street_id = $1 AND username = $2

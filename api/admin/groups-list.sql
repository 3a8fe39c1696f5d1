-- Why: the street's 整治组 (rectification groups) for the admin pages; $2 = one code, or null for all.
SELECT code, name, leader_name, leader_title FROM groups
WHERE street_id = $1 AND ($2::text IS NULL OR code = $2)
ORDER BY code

-- Why: the issue categories with their time limit and default group, for the admin pages;
-- $2 = one code (locked for an edit), or null for all.
SELECT code, name, time_limit_value, time_limit_unit, default_group_code, sort FROM categories
WHERE street_id = $1 AND ($2::text IS NULL OR code = $2)
ORDER BY sort, code

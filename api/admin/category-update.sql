-- Why: an admin changes a category's time limit or default group; the next report uses them.
UPDATE categories SET time_limit_value = $3, time_limit_unit = $4, default_group_code = $5
WHERE street_id = $1 AND code = $2

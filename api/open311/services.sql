-- Why: Open311's service list is our issue categories, with their time limit and responsible group.
SELECT k.code, k.name, k.time_limit_value, k.time_limit_unit, g.name AS group_name
FROM categories k
LEFT JOIN groups g ON g.street_id = k.street_id AND g.code = k.default_group_code
WHERE k.street_id = $1
ORDER BY k.sort, k.code

-- Why: an admin sets which group answers for a category in a community; the next report uses it
-- (api/issues/locate.sql reads group_rules at each report).
INSERT INTO group_rules (street_id, category_code, community_code, group_code) VALUES ($1, $2, $3, $4)
ON CONFLICT (street_id, category_code, community_code) DO UPDATE SET group_code = EXCLUDED.group_code

-- Why: an admin removes a rule; reports fall back to the category's default group.
DELETE FROM group_rules WHERE street_id = $1 AND category_code = $2 AND community_code = $3

-- Why: the responsible-group rule table (category × community → group) for the admin page.
SELECT category_code, community_code, group_code FROM group_rules
WHERE street_id = $1 ORDER BY category_code, community_code

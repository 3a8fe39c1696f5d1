-- Why: one rule as it was before an edit (for the audit's before/after), locked against a concurrent edit.
SELECT group_code FROM group_rules WHERE street_id = $1 AND category_code = $2 AND community_code = $3 FOR UPDATE

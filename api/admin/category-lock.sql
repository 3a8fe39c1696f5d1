-- Why: the category as it was before an edit, locked so concurrent edits are serialised.
SELECT code, name, time_limit_value, time_limit_unit, default_group_code, sort FROM categories
WHERE street_id = $1 AND code = $2 FOR UPDATE

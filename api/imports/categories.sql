-- Why: an issue's 问题类别 may be written as the category code or its Chinese name; the time limit gives the deadline.
SELECT code, name, time_limit_value, time_limit_unit FROM categories WHERE street_id = $1

-- Why: placing an order from the 待定位 queue locks it, so two people placing it at once make one issue.
SELECT issue_id, reported_at, description, category_code, deadline
FROM hotline_cases WHERE street_id = $1 AND case_no = $2
FOR UPDATE

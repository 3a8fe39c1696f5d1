-- Why: joins an order to the issue it became (located by itself, or placed by staff from the 待定位 queue).
UPDATE hotline_cases SET issue_id = $3, placed_by = $4, placed_at = $5
WHERE street_id = $1 AND case_no = $2 AND issue_id IS NULL
RETURNING case_no

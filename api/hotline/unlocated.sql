-- Why: the 待定位 queue — orders whose address the locator could not place with confidence, oldest
-- first, with its best guess for staff to start from.
SELECT h.case_no, h.received_at, h.reported_at, h.description, h.category_code AS category, k.name AS category_name,
       h.address, h.deadline, ST_X(h.guess) AS guess_lon, ST_Y(h.guess) AS guess_lat, h.confidence
FROM hotline_cases h
JOIN categories k ON k.street_id = h.street_id AND k.code = h.category_code
WHERE h.street_id = $1 AND h.issue_id IS NULL
ORDER BY h.received_at, h.case_no
LIMIT 1000

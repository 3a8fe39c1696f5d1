-- Why: an admin adds a 门牌 range along a road ($6 = the line from the first number's end).
INSERT INTO address_ranges (street_id, road, first_no, last_no, parity, geom, created_by, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING id

-- Why: takes the next 整改通知单 number of the street and year; the row lock of this upsert serialises
-- concurrent assignments and a rolled-back assignment gives its number back, so numbers are never
-- reused. The issue keeps the number it was first given.
WITH n AS (
  INSERT INTO notice_counters (street_id, year, last_no) VALUES ($1, $2, 1)
  ON CONFLICT (street_id, year) DO UPDATE SET last_no = notice_counters.last_no + 1
  RETURNING last_no
)
SELECT n.last_no, s.name AS street_name FROM n, streets s WHERE s.id = $1

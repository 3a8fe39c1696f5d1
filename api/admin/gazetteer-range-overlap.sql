-- Why: two ranges of one road may not both hold a number (the locator would not know which to use).
SELECT id, first_no, last_no, parity FROM address_ranges
WHERE street_id = $1 AND road = $2 AND first_no <= $4 AND last_no >= $3
  AND (parity = 'all' OR $5 = 'all' OR parity = $5)
LIMIT 1

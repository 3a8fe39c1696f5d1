-- Why: a merged duplicate is closed for good, so whoever asks to reopen it is sent to the issue it
-- was merged into: the end of the chain when that one was in turn merged into another. No row when
-- issue $2 is not a merged duplicate.
WITH RECURSIVE chain AS (
  SELECT i.merged_into AS id, 1 AS depth FROM issues i
  WHERE i.street_id = $1 AND i.id = $2 AND i.merged_into IS NOT NULL
  UNION ALL
  SELECT i.merged_into, c.depth + 1 FROM chain c
  JOIN issues i ON i.street_id = $1 AND i.id = c.id
  WHERE i.merged_into IS NOT NULL AND c.depth < 100
)
SELECT id FROM chain ORDER BY depth DESC LIMIT 1

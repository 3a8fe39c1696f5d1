-- Why: keeps the 顽疾 a reader counted afresh ($3: [{category_code, gen, places}], gen as read before
-- counting), each only where its row's gen has not moved since. A row an issue writer holds is skipped,
-- not waited for (that writer moves its gen when it commits), so a reader never waits on a writer.
-- Kept only while the campaign is still at version $4, the one whose area and window were counted: an
-- edit committed between the reader's campaign row and its kept rows makes those rows afresh, and
-- their new gen must not take places counted on the old area.
WITH k AS (
  SELECT * FROM jsonb_to_recordset($3::jsonb) AS k (category_code text, gen bigint, places jsonb)
), free AS (
  SELECT l.category_code
  FROM campaign_recurring l
  WHERE l.street_id = $1 AND l.campaign_id = $2 AND l.category_code IN (SELECT category_code FROM k)
  ORDER BY l.category_code
  FOR NO KEY UPDATE SKIP LOCKED
)
UPDATE campaign_recurring r SET places = k.places, places_gen = k.gen
FROM k JOIN free f ON f.category_code = k.category_code
WHERE r.street_id = $1 AND r.campaign_id = $2 AND r.category_code = k.category_code AND r.gen = k.gen
  AND EXISTS (SELECT 1 FROM campaigns c WHERE c.street_id = $1 AND c.id = $2 AND c.version = $4)

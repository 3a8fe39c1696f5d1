-- Why: 0337's row for a category added later could be made while an edit of the campaign's area was
-- in flight: the edit's reset had deleted the rows it saw, the new row survived it, and a page that
-- read the campaign's old version could keep places of the old area on that row, current under the
-- new version (found in review). The trigger now takes a share lock on each campaign it adds a row
-- to, which waits for an edit in flight (its row lock) and holds off the next until the category
-- commits, so the edit's reset always sees, and makes afresh, the new row. And the categories added
-- before 0337 get their rows now.
CREATE OR REPLACE FUNCTION campaign_recurring_categories_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO campaign_recurring (street_id, campaign_id, category_code)
  SELECT c.street_id, c.id, g.code
  FROM new_rows g
  JOIN (SELECT c.street_id, c.id FROM campaigns c
        WHERE c.street_id IN (SELECT street_id FROM new_rows) AND c.categories IS NULL
        ORDER BY c.street_id, c.id
        FOR SHARE) c ON c.street_id = g.street_id
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

INSERT INTO campaign_recurring (street_id, campaign_id, category_code)
SELECT c.street_id, c.id, g.code
FROM campaigns c JOIN categories g ON g.street_id = c.street_id
WHERE c.categories IS NULL
ON CONFLICT DO NOTHING;

-- Why: the wall display's 本周销号 counts the issues closed since a moment, whenever they were
-- reported; at a million issues a partial index on the closing time keeps that a short range scan.
CREATE INDEX issues_closed_at_ix ON issues (street_id, closed_at) WHERE status = 'closed' AND merged_into IS NULL;

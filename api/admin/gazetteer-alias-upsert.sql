-- Why: an admin adds an alias (or points an existing one at another name); returns the row before.
WITH before AS (SELECT target FROM gazetteer_aliases WHERE street_id = $1 AND alias = $2)
INSERT INTO gazetteer_aliases (street_id, alias, target, created_by, created_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (street_id, alias) DO UPDATE SET target = EXCLUDED.target, created_by = EXCLUDED.created_by, created_at = EXCLUDED.created_at
RETURNING (SELECT target FROM before) AS before

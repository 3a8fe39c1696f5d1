-- Why: an admin removes an alias; returns what it pointed at (none: no such alias).
DELETE FROM gazetteer_aliases WHERE street_id = $1 AND alias = $2 RETURNING target

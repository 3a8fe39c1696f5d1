-- Why: the admin's aliases of the 12345 locator's gazetteer names, for the 地名库 panel.
SELECT alias, target, created_by, created_at FROM gazetteer_aliases WHERE street_id = $1 ORDER BY alias

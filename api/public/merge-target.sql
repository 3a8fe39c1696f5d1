-- Why: a report may be merged only into an open issue of the street (following a closed one would
-- show the reporter a result that came before their report).
SELECT id FROM issues WHERE street_id = $1 AND id = $2 AND is_open(status) AND merged_into IS NULL

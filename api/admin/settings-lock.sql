-- Why: concurrent edits of the settings are serialised on the street's row.
SELECT id FROM streets WHERE id = $1 FOR UPDATE

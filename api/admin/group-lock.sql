-- Why: the group as it was before an edit, locked so concurrent edits are serialised.
SELECT code, name, leader_name, leader_title FROM groups WHERE street_id = $1 AND code = $2 FOR UPDATE

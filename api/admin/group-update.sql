-- Why: an admin renames a group or changes its leader; the row is locked by FOR UPDATE before.
UPDATE groups SET name = $3, leader_name = $4, leader_title = $5 WHERE street_id = $1 AND code = $2

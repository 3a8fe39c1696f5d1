-- Why: an admin adds a 整治组 (a real group, so not synthetic demo data).
INSERT INTO groups (street_id, code, name, leader_name, leader_title, synthetic) VALUES ($1, $2, $3, $4, $5, false)

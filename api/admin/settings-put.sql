-- Why: an admin sets the duplicate radius, the 督办 delay after 催办 and the street's leader.
INSERT INTO loop_settings (street_id, duplicate_radius_m, escalate_after_hours, street_leader) VALUES ($1, $2, $3, $4)
ON CONFLICT (street_id) DO UPDATE
SET duplicate_radius_m = EXCLUDED.duplicate_radius_m, escalate_after_hours = EXCLUDED.escalate_after_hours, street_leader = EXCLUDED.street_leader

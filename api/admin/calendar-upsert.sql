-- Why: an admin marks a day as a public holiday or a 调休 working day (or changes its name); the
-- deadline engine reads calendar_days at each use, so the next deadline honours it.
INSERT INTO calendar_days (street_id, day, kind, name) VALUES ($1, $2::date, $3, $4)
ON CONFLICT (street_id, day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name

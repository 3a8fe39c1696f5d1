-- Why: a round is kept so the phone can reopen it and show its progress.
INSERT INTO inspection_rounds (street_id, points, length_m, created_by, created_at)
VALUES ($1, $2::text[], $3, $4, $5)
RETURNING id

-- Why: an admin sets how many rows get flags and the weight of the loop indicators in the score.
INSERT INTO assessment_settings (street_id, flag_count, blend_weight, updated_by, updated_at)
VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (street_id) DO UPDATE
SET flag_count = EXCLUDED.flag_count, blend_weight = EXCLUDED.blend_weight, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at

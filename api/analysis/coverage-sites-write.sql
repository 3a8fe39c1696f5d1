-- Why: stores a freshly computed answer with the version it was computed from; a newer answer
-- already stored is kept, and answers of older versions of the same radius are dropped.
WITH put AS (
  INSERT INTO bike_coverage_sites AS s (street_id, radius_m, window_key, version, uncovered, suggestions)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb)
  ON CONFLICT (street_id, radius_m, window_key) DO UPDATE
  SET version = EXCLUDED.version, uncovered = EXCLUDED.uncovered, suggestions = EXCLUDED.suggestions
  WHERE s.version < EXCLUDED.version
)
DELETE FROM bike_coverage_sites WHERE street_id = $1 AND radius_m = $2 AND version < $4

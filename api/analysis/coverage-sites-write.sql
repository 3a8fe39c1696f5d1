-- Why: stores a freshly computed answer with the version it was computed from; a newer answer
-- already stored is kept, answers of older versions of the same radius are dropped, and so are the
-- oldest stored windows beyond the $7 kept per (street, radius) (migration 0029): any number of
-- distinct windows asked for leaves at most $7 rows.
WITH put AS (
  INSERT INTO bike_coverage_sites AS s (street_id, radius_m, window_key, version, uncovered, suggestions)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb)
  ON CONFLICT (street_id, radius_m, window_key) DO UPDATE
  SET version = EXCLUDED.version, uncovered = EXCLUDED.uncovered, suggestions = EXCLUDED.suggestions, stored_at = now()
  WHERE s.version < EXCLUDED.version
)
-- The DELETE sees the table as it was before the INSERT: the other windows, of which $7 − 1 stay.
DELETE FROM bike_coverage_sites
WHERE street_id = $1 AND radius_m = $2
  AND (version < $4
       OR window_key IN (SELECT window_key FROM bike_coverage_sites
                         WHERE street_id = $1 AND radius_m = $2 AND window_key <> $3
                         ORDER BY stored_at DESC, window_key OFFSET $7::int - 1))

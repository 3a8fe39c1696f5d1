-- Why: the bike-coverage caches grew with every radius × window an anonymous reader asked for
-- (4,000 GETs added ~11 MB, and every cached radius is patched on each zone change). The API now
-- accepts only the radii of COVERAGE_RADII (api/analysis/coverage.ts) and keeps at most
-- MAX_CACHED_WINDOWS windows per (street, radius), the oldest stored dropped first; stored_at
-- orders them. Caches of other radii are dropped here (they are rebuilt on demand, and can no
-- longer be asked for); the list below is COVERAGE_RADII as of this migration.
ALTER TABLE bike_coverage_sites ADD COLUMN stored_at timestamptz NOT NULL DEFAULT now();

DELETE FROM bike_coverage WHERE radius_m <> ALL (ARRAY[50, 100, 150, 200, 250, 300, 400, 500]);

-- Stores one window's answer computed from p_version, keeping a newer one already stored, dropping
-- answers of older versions and the oldest stored windows beyond p_keep. Writers of one radius take
-- turns on its coverage row, and each statement after the lock reads what the others committed, so
-- requests at once cannot overshoot p_keep (one statement would trim from a snapshot taken before
-- its wait).
CREATE FUNCTION bike_coverage_sites_put(p_street integer, p_radius integer, p_window text, p_version bigint,
                                        p_uncovered integer, p_suggestions jsonb, p_keep integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM bike_coverage WHERE street_id = p_street AND radius_m = p_radius FOR NO KEY UPDATE;
  INSERT INTO bike_coverage_sites AS s (street_id, radius_m, window_key, version, uncovered, suggestions)
  VALUES (p_street, p_radius, p_window, p_version, p_uncovered, p_suggestions)
  ON CONFLICT (street_id, radius_m, window_key) DO UPDATE
  SET version = EXCLUDED.version, uncovered = EXCLUDED.uncovered, suggestions = EXCLUDED.suggestions, stored_at = now()
  WHERE s.version < EXCLUDED.version;
  DELETE FROM bike_coverage_sites WHERE street_id = p_street AND radius_m = p_radius AND version < p_version;
  DELETE FROM bike_coverage_sites
  WHERE street_id = p_street AND radius_m = p_radius
    AND window_key IN (SELECT window_key FROM bike_coverage_sites
                       WHERE street_id = p_street AND radius_m = p_radius
                       ORDER BY stored_at DESC, (window_key = p_window) DESC, window_key OFFSET p_keep);
END $$;

-- Why: the bike-coverage caches grew with every radius × window an anonymous reader asked for
-- (4,000 GETs added ~11 MB, and every cached radius is patched on each zone change). The API now
-- accepts only the radii of COVERAGE_RADII (api/analysis/coverage.ts) and keeps at most
-- MAX_CACHED_WINDOWS windows per (street, radius), the oldest stored dropped first; stored_at
-- orders them. Caches of other radii are dropped here (they are rebuilt on demand, and can no
-- longer be asked for); the list below is COVERAGE_RADII as of this migration.
ALTER TABLE bike_coverage_sites ADD COLUMN stored_at timestamptz NOT NULL DEFAULT now();

DELETE FROM bike_coverage WHERE radius_m <> ALL (ARRAY[50, 100, 150, 200, 250, 300, 400, 500]);

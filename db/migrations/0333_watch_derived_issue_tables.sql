-- Why: 0320 keys the map layers and grid areas on a data version that issue writes do not move, but
-- the tables the issue triggers of 0300 (issue_hexes), 0310 (bike_gap_cells), 0330 (issue_day_marks,
-- issue_day_cells) and 0332 (campaign_tallies) write were not in its list: watch_data_tables() gave
-- them the plain trigger, whose '' moves the shape version too, so every report emptied the layers
-- again. They are derived from issues and written only with them (or, for the tallies and gap cells,
-- with a watched campaign, zone or coverage row), so they notify as issue data.
-- bike_gap_cells is also written while reading (a site's kept gain, 0313): like bike_coverage it is
-- not watched at all, so that a coverage read does not move every version and empty every cache.
CREATE OR REPLACE FUNCTION issue_data_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['issues', 'issue_events', 'issue_photos', 'issue_rollup', 'issue_cells', 'issue_day_indicators',
               'issue_callbacks', 'notice_counters', 'hotline_cases', 'public_reports', 'public_report_feedback',
               'public_challenges', 'public_rate', 'inspections', 'inspection_items',
               'issue_hexes', 'issue_day_marks', 'issue_day_cells', 'campaign_tallies']
$$;

CREATE OR REPLACE FUNCTION watch_data_tables() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  n integer := 0;
BEGIN
  FOR t IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = current_schema()
      AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      -- Bookkeeping no cached answer reads (sign-in, limits, audit, token use, migrations),
      -- and caches written while reading (bike coverage, derived from watched tables).
      AND c.relname NOT IN ('schema_migrations', 'sessions', 'login_attempts', 'audit_log', 'api_tokens',
                            'idempotency_keys', 'bike_coverage', 'bike_coverage_grids', 'bike_coverage_sites',
                            'bike_gap_cells', 'spatial_ref_sys')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'data_changed')
  LOOP
    EXECUTE format(
      'CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION notify_data_change()',
      t.relname);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;

DROP TRIGGER IF EXISTS data_changed ON bike_gap_cells;

-- Why: the tables the read cache's data version does not watch were a list inside
-- watch_data_tables(), so every migration that added one (0333, 0336, 0341) replaced the whole
-- function to extend the list, copying its loop each time. The list is now rows: a migration that
-- adds a table no cached answer reads, or one written while reading, inserts its name here with the
-- reason, and watch_data_tables() (called by migrate() after every run) leaves it alone.
CREATE TABLE unwatched_tables (
  relname text PRIMARY KEY,
  why     text NOT NULL
);

INSERT INTO unwatched_tables (relname, why) VALUES
  ('unwatched_tables', 'this list'),
  ('schema_migrations', 'bookkeeping: applied migrations'),
  ('sessions', 'bookkeeping: sign-in'),
  ('login_attempts', 'bookkeeping: sign-in limits'),
  ('audit_log', 'bookkeeping: audit'),
  ('api_tokens', 'bookkeeping: token use'),
  ('idempotency_keys', 'bookkeeping: replayed writes'),
  ('spatial_ref_sys', 'PostGIS reference data'),
  ('bike_coverage', 'written while reading (0120)'),
  ('bike_coverage_grids', 'written while reading (0120)'),
  ('bike_coverage_sites', 'written while reading (0120)'),
  ('bike_gap_cells', 'written while reading: a site''s kept gain (0333)'),
  ('bike_gap_days', 'built with a new stored radius, while reading (0341)'),
  ('campaign_recurring', 'written while reading: the places a reader counted (0336)');

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
      AND NOT EXISTS (SELECT 1 FROM unwatched_tables u WHERE u.relname = c.relname)
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

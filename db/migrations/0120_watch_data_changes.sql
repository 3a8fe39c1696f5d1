-- Every committed write to the data moves the read cache's data version (api/cache): a
-- statement-level trigger on each table notifies channel cgm_data, which PostgreSQL delivers only
-- on commit, to every listening connection of every process (db/postgres.ts, db/pglite.ts).
-- watch_data_tables() attaches the trigger to every table of the schema that lacks it, except
-- those no cached answer reads; migrate() calls it after each run, so tables added later are
-- watched without anyone remembering to.

CREATE OR REPLACE FUNCTION notify_data_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cgm_data', '');
  RETURN NULL;
END
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
                            'spatial_ref_sys')
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

SELECT watch_data_tables();

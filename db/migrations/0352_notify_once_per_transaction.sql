-- Why: every pooled connection LISTENs (db/postgres.ts, so a writer's own notification arrives before
-- its COMMIT returns), and so does the listener for other processes: one committed write reached a
-- server process's data version once per connection, up to eleven bumps spread over a few
-- milliseconds. The read cache's single flight (api/cache/middleware.ts) keys on that version, so
-- readers a millisecond apart after one write each computed the same answer again (the live p99
-- under 10 writes/s; docs/performance.md, "One bump per write, the live KPIs from the rollup, ...").
-- The payload now names its transaction: '<kind>@<xid>' (kind '', 'issues' or 'auth' as before).
-- DataVersion.bump (db/adapter.ts) moves once per payload it has not heard lately; a payload without
-- '@' (a process of an older release) still moves it every time, erring towards recomputing.
-- A transaction's id is unique for the cluster's life (xid8 does not wrap); a cluster or directory
-- restored from a backup counts again from there, so DataVersion forgets what it heard when its
-- engine reopens or its listener reconnects. PostgreSQL already folds a transaction's identical
-- notifications into one.
CREATE OR REPLACE FUNCTION notify_data_payload(p_kind text) RETURNS text
LANGUAGE sql VOLATILE AS $$
  SELECT p_kind || '@' || pg_current_xact_id()::text
$$;

CREATE OR REPLACE FUNCTION notify_data_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cgm_data', notify_data_payload(coalesce(TG_ARGV[0], CASE WHEN TG_TABLE_NAME = ANY (issue_data_tables()) THEN 'issues' ELSE '' END)));
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION notify_auth_change_if_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed) THEN
    PERFORM pg_notify('cgm_data', notify_data_payload('auth'));
  END IF;
  RETURN NULL;
END
$$;

-- Who may sign in as what moves a second version (db/adapter.ts DataVersion.auth), on which each
-- process's short-lived session cache (api/auth/session-cache.ts) keys: a session that ends (sign-out,
-- expiry sweep, password change), an account or its grids that change. The notification travels on
-- the data channel with payload 'auth', so it reaches every connection and process the data version
-- does, on commit, and before the writer's COMMIT returns.
-- New sessions and accounts need none: nothing about them can be cached before they exist. The sweep
-- of expired sessions runs at every sign-in and usually removes nothing: it notifies only when it did
-- (a transition table; one trigger per event, as PostgreSQL requires for them).

-- The data tables' trigger function (0120) now sends its trigger's argument as the payload, so the
-- accounts' triggers below call it with 'auth' (the data tables' triggers pass none: '').
CREATE OR REPLACE FUNCTION notify_data_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cgm_data', coalesce(TG_ARGV[0], ''));
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION notify_auth_change_if_rows() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM changed) THEN
    PERFORM pg_notify('cgm_data', 'auth');
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER auth_sessions_deleted AFTER DELETE ON sessions
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_change_if_rows();
CREATE TRIGGER auth_sessions_updated AFTER UPDATE ON sessions
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_change_if_rows();
CREATE TRIGGER auth_sessions_truncated AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION notify_data_change('auth');
CREATE TRIGGER auth_changed AFTER UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notify_data_change('auth');
CREATE TRIGGER auth_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_grids
  FOR EACH STATEMENT EXECUTE FUNCTION notify_data_change('auth');

-- Why: API tokens (kiosks, district wall displays) were looked up in the database on every request;
-- they are now remembered per process like sessions (api/auth/session-cache.ts), which holds only
-- while DataVersion.auth stands. A token stops being valid when it is revoked, deleted, or changed
-- (role, street, district, name, secret or expiry): those notify 'auth' on commit, to every process.
-- A use (last_used_at, written at most once a minute) changes none of them and notifies nothing; a
-- new token needs nothing, as nothing about it can be cached before it exists.
CREATE TRIGGER auth_tokens_changed
  AFTER UPDATE OF street_id, name, token_hash, role, revoked_at, expires_at, district OR DELETE OR TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION notify_data_change('auth');

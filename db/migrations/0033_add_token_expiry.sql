-- Why: an API token is a long-lived credential on a machine (a wall display, a 12345 bridge); it
-- must lapse on its own, and the admin must see which tokens are still in use. Tokens issued before
-- this migration get the longest lifetime a new token may have (365 days from now).
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
UPDATE api_tokens SET expires_at = now() + interval '365 days' WHERE expires_at IS NULL;
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE api_tokens ADD COLUMN last_used_at timestamptz;
-- Tokens act for machines only now (kiosk, inspector for a 12345 bridge): any other role is revoked.
UPDATE api_tokens SET revoked_at = now() WHERE revoked_at IS NULL AND role NOT IN ('kiosk', 'inspector');

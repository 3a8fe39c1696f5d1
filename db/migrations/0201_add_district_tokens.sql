-- Why: a district's wall display is a machine client; it signs in with an API token, but a token
-- carried only a street role, so it could never read the district view (GET /district refuses every
-- street account). A token may now be district-wide, issued by a district account for its own home
-- street; like district accounts, only as a reading role (kiosk), so it writes nowhere.
ALTER TABLE api_tokens ADD COLUMN district boolean NOT NULL DEFAULT false;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_district_roles CHECK (NOT district OR role = 'kiosk');

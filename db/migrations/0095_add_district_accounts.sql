-- Why: a district's 创建办 oversees several streets (issue 14). An account with district = true may
-- read every street of the deployment; it keeps a home street (street_id), where its session, audit
-- entries and every write stay. Only the reading roles may be district-wide (leader, kiosk), so no
-- district account can change another street's data. street_choice remembers the street it last
-- switched to (the street switcher), across browsers.
ALTER TABLE users ADD COLUMN district boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN street_choice integer REFERENCES streets (id);
ALTER TABLE users ADD CONSTRAINT users_district_roles CHECK (NOT district OR role IN ('leader', 'kiosk'));

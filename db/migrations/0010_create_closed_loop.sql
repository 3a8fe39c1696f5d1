-- Why: the closed loop (整改闭环) needs a rule table for the responsible group (category × community,
-- editable by admins, falling back to categories.default_group_code), per-street loop settings
-- (duplicate radius, 督办 delay), the escalation marks on issues so 催办/督办 fire once, the merge
-- target of a duplicate, and photos kept in the database so both engines and backups carry them.
CREATE TABLE group_rules (
  street_id       integer NOT NULL,
  category_code   text NOT NULL,
  community_code  text NOT NULL,
  group_code      text NOT NULL,
  PRIMARY KEY (street_id, category_code, community_code),
  FOREIGN KEY (street_id, category_code) REFERENCES categories (street_id, code),
  FOREIGN KEY (street_id, community_code) REFERENCES communities (street_id, code),
  FOREIGN KEY (street_id, group_code) REFERENCES groups (street_id, code)
);

CREATE TABLE loop_settings (
  street_id             integer PRIMARY KEY REFERENCES streets (id),
  duplicate_radius_m    double precision NOT NULL DEFAULT 50 CHECK (duplicate_radius_m > 0),
  escalate_after_hours  double precision NOT NULL DEFAULT 24 CHECK (escalate_after_hours >= 0),
  street_leader         text NOT NULL DEFAULT '街道党工委书记'
);

ALTER TABLE issues
  ADD COLUMN merged_into   bigint,
  ADD COLUMN reminded_at   timestamptz,
  ADD COLUMN escalated_at  timestamptz;

CREATE TABLE issue_photos (
  street_id   integer NOT NULL REFERENCES streets (id),
  id          bigint GENERATED ALWAYS AS IDENTITY,
  issue_id    bigint,
  event_id    bigint,
  mime        text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes       integer NOT NULL,
  sha256      text NOT NULL,
  data        bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (street_id, id),
  FOREIGN KEY (street_id, issue_id) REFERENCES issues (street_id, id)
);
CREATE INDEX issue_photos_issue_ix ON issue_photos (street_id, issue_id);

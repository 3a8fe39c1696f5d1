-- Why: who may see and change what. Passwords and tokens are stored only as hashes; a grid
-- manager's patch is the set of grids in user_grids; every login, denial and change is audited.
CREATE TABLE users (
  street_id      integer NOT NULL REFERENCES streets (id),
  username       text NOT NULL CHECK (username ~ '^[a-z0-9_.-]{2,40}$'),
  display_name   text NOT NULL DEFAULT '',
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin', 'leader', 'group_leader', 'inspector', 'grid_manager', 'kiosk')),
  group_code     text,
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (street_id, username),
  FOREIGN KEY (street_id, group_code) REFERENCES groups (street_id, code)
);

CREATE TABLE user_grids (
  street_id  integer NOT NULL,
  username   text NOT NULL,
  grid_code  text NOT NULL,
  PRIMARY KEY (street_id, username, grid_code),
  FOREIGN KEY (street_id, username) REFERENCES users (street_id, username) ON DELETE CASCADE,
  FOREIGN KEY (street_id, grid_code) REFERENCES grids (street_id, code)
);

CREATE TABLE sessions (
  street_id   integer NOT NULL,
  token_hash  text NOT NULL,
  username    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  PRIMARY KEY (street_id, token_hash),
  FOREIGN KEY (street_id, username) REFERENCES users (street_id, username) ON DELETE CASCADE
);
CREATE INDEX sessions_token_ix ON sessions (token_hash);

CREATE TABLE api_tokens (
  street_id   integer NOT NULL REFERENCES streets (id),
  id          bigint GENERATED ALWAYS AS IDENTITY,
  name        text NOT NULL,
  token_hash  text NOT NULL UNIQUE,
  role        text NOT NULL CHECK (role IN ('admin', 'leader', 'group_leader', 'inspector', 'grid_manager', 'kiosk')),
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  PRIMARY KEY (street_id, id)
);

CREATE TABLE audit_log (
  street_id  integer NOT NULL,
  id         bigint GENERATED ALWAYS AS IDENTITY,
  at         timestamptz NOT NULL DEFAULT now(),
  actor      text NOT NULL,
  action     text NOT NULL,
  target     text NOT NULL DEFAULT '',
  detail     jsonb NOT NULL DEFAULT '{}',
  address    text NOT NULL DEFAULT '',
  PRIMARY KEY (street_id, id)
);
CREATE INDEX audit_log_at_ix ON audit_log (street_id, at);

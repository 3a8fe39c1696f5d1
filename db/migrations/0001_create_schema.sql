-- Why: the core model of a street's civilized-city campaign. Every table carries street_id and
-- leads its primary key with it, so a city deployment can shard by street (Citus) without a redesign.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE streets (
  id          integer PRIMARY KEY,
  code        text NOT NULL UNIQUE CHECK (code ~ '^[0-9]{9}$'),
  name        text NOT NULL,
  timezone    text NOT NULL DEFAULT 'Asia/Shanghai',
  population  integer,
  boundary    geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(boundary)),
  area_m2     double precision NOT NULL,
  synthetic   boolean NOT NULL DEFAULT false
);
CREATE INDEX streets_boundary_gix ON streets USING gist (boundary);

CREATE TABLE communities (
  street_id   integer NOT NULL REFERENCES streets (id),
  code        text NOT NULL CHECK (code ~ '^[0-9]{12}$'),
  name        text NOT NULL,
  population  integer,
  geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  area_m2     double precision NOT NULL,
  synthetic   boolean NOT NULL DEFAULT true,
  PRIMARY KEY (street_id, code)
);
CREATE INDEX communities_geom_gix ON communities USING gist (geom);

-- 责任网格 (二级网格): hierarchical code = community code + 2-digit sequence, one responsible person.
CREATE TABLE grids (
  street_id       integer NOT NULL,
  code            text NOT NULL CHECK (code ~ '^[0-9]{14}$'),
  name            text NOT NULL,
  community_code  text NOT NULL,
  manager_name    text NOT NULL,
  manager_phone   text NOT NULL,
  geom            geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  area_m2         double precision NOT NULL,
  synthetic       boolean NOT NULL DEFAULT true,
  PRIMARY KEY (street_id, code),
  FOREIGN KEY (street_id, community_code) REFERENCES communities (street_id, code)
);
CREATE INDEX grids_geom_gix ON grids USING gist (geom);

CREATE TABLE point_classes (
  street_id  integer NOT NULL REFERENCES streets (id),
  code       text NOT NULL,
  name       text NOT NULL,
  checklist  jsonb NOT NULL DEFAULT '[]',
  sort       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (street_id, code)
);

-- 实地点位台账: the field-point ledger, with its contact person and phone.
CREATE TABLE field_points (
  street_id       integer NOT NULL,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  code            text NOT NULL,
  name            text NOT NULL,
  class_code      text NOT NULL,
  address         text NOT NULL DEFAULT '',
  contact_name    text NOT NULL DEFAULT '',
  contact_phone   text NOT NULL DEFAULT '',
  notes           text NOT NULL DEFAULT '',
  updated_at      timestamptz NOT NULL DEFAULT now(),
  geom            geometry(Point, 4326) NOT NULL,
  grid_code       text,
  community_code  text,
  synthetic       boolean NOT NULL DEFAULT true,
  PRIMARY KEY (street_id, id),
  UNIQUE (street_id, code),
  FOREIGN KEY (street_id, class_code) REFERENCES point_classes (street_id, code),
  FOREIGN KEY (street_id, grid_code) REFERENCES grids (street_id, code)
);
CREATE INDEX field_points_geom_gix ON field_points USING gist (geom);

-- 整治组: the rectification groups, each led by a member of the leadership team.
CREATE TABLE groups (
  street_id     integer NOT NULL REFERENCES streets (id),
  code          text NOT NULL,
  name          text NOT NULL,
  leader_name   text NOT NULL,
  leader_title  text NOT NULL DEFAULT '',
  synthetic     boolean NOT NULL DEFAULT true,
  PRIMARY KEY (street_id, code)
);

-- Issue categories with their time limit (working hours or working days) and default group.
CREATE TABLE categories (
  street_id           integer NOT NULL REFERENCES streets (id),
  code                text NOT NULL,
  name                text NOT NULL,
  time_limit_value    integer NOT NULL CHECK (time_limit_value > 0),
  time_limit_unit     text NOT NULL CHECK (time_limit_unit IN ('work_hours', 'work_days')),
  default_group_code  text NOT NULL,
  sort                integer NOT NULL DEFAULT 0,
  PRIMARY KEY (street_id, code),
  FOREIGN KEY (street_id, default_group_code) REFERENCES groups (street_id, code)
);

-- The working-time calendar: public holidays and make-up working days (调休); weekends are implied.
CREATE TABLE calendar_days (
  street_id  integer NOT NULL REFERENCES streets (id),
  day        date NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name       text NOT NULL DEFAULT '',
  PRIMARY KEY (street_id, day)
);

CREATE TABLE issues (
  street_id       integer NOT NULL,
  id              bigint GENERATED ALWAYS AS IDENTITY,
  category_code   text NOT NULL,
  description     text NOT NULL DEFAULT '',
  status          text NOT NULL DEFAULT 'reported'
                  CHECK (status IN ('reported', 'assigned', 'rectifying', 'rectified', 'closed', 'answered')),
  source          text NOT NULL DEFAULT 'inspection',
  geom            geometry(Point, 4326) NOT NULL,
  source_crs      text NOT NULL DEFAULT 'wgs84' CHECK (source_crs IN ('wgs84', 'gcj02', 'bd09')),
  source_lon      double precision,
  source_lat      double precision,
  grid_code       text NOT NULL,
  community_code  text NOT NULL,
  group_code      text,
  notice_no       text,
  reported_at     timestamptz NOT NULL,
  deadline        timestamptz,
  closed_at       timestamptz,
  rework_count    integer NOT NULL DEFAULT 0,
  version         integer NOT NULL DEFAULT 1,
  reporter        text,
  synthetic       boolean NOT NULL DEFAULT false,
  PRIMARY KEY (street_id, id),
  FOREIGN KEY (street_id, category_code) REFERENCES categories (street_id, code),
  FOREIGN KEY (street_id, grid_code) REFERENCES grids (street_id, code),
  FOREIGN KEY (street_id, community_code) REFERENCES communities (street_id, code)
);
CREATE INDEX issues_geom_gix ON issues USING gist (geom);
CREATE INDEX issues_reported_ix ON issues (street_id, reported_at, id);
CREATE INDEX issues_grid_ix ON issues (street_id, grid_code, reported_at);
CREATE INDEX issues_open_ix ON issues (street_id, deadline)
  WHERE status IN ('reported', 'assigned', 'rectifying', 'rectified');

-- The audit trail of every issue: who, when, what, from which state to which.
CREATE TABLE issue_events (
  street_id    integer NOT NULL,
  id           bigint GENERATED ALWAYS AS IDENTITY,
  issue_id     bigint NOT NULL,
  at           timestamptz NOT NULL,
  actor        text NOT NULL,
  action       text NOT NULL,
  from_status  text,
  to_status    text,
  note         text NOT NULL DEFAULT '',
  data         jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (street_id, id),
  FOREIGN KEY (street_id, issue_id) REFERENCES issues (street_id, id)
);
CREATE INDEX issue_events_issue_ix ON issue_events (street_id, issue_id, at, id);

CREATE TABLE bike_zones (
  street_id  integer NOT NULL REFERENCES streets (id),
  id         bigint GENERATED ALWAYS AS IDENTITY,
  code       text NOT NULL,
  name       text NOT NULL,
  capacity   integer NOT NULL CHECK (capacity >= 0),
  geom       geometry(Polygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  synthetic  boolean NOT NULL DEFAULT true,
  PRIMARY KEY (street_id, id),
  UNIQUE (street_id, code)
);
CREATE INDEX bike_zones_geom_gix ON bike_zones USING gist (geom);

-- The offline basemap: roads and blocks drawn without any tile server.
CREATE TABLE basemap_features (
  street_id  integer NOT NULL REFERENCES streets (id),
  id         bigint GENERATED ALWAYS AS IDENTITY,
  kind       text NOT NULL CHECK (kind IN ('road', 'block')),
  name       text NOT NULL DEFAULT '',
  class      text NOT NULL DEFAULT '',
  geom       geometry(Geometry, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  PRIMARY KEY (street_id, id)
);
CREATE INDEX basemap_features_geom_gix ON basemap_features USING gist (geom);

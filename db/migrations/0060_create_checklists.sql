-- Why: 督查测评 (issue 12). Each field-point class has a checklist (五查五看): items with the points a
-- failure deducts, the issue category it raises and whether a photo is required. An admin's edit
-- writes a new version; an inspection keeps the version it was scored with, so editing never
-- rescores the past.
CREATE TABLE checklists (
  street_id   integer NOT NULL,
  class_code  text NOT NULL,
  version     integer NOT NULL CHECK (version > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  created_by  text NOT NULL DEFAULT '',
  synthetic   boolean NOT NULL DEFAULT false,
  PRIMARY KEY (street_id, class_code, version),
  FOREIGN KEY (street_id, class_code) REFERENCES point_classes (street_id, code)
);

CREATE TABLE checklist_items (
  street_id       integer NOT NULL,
  class_code      text NOT NULL,
  version         integer NOT NULL,
  code            text NOT NULL CHECK (code ~ '^[0-9A-Za-z_-]{1,40}$'),
  sort            integer NOT NULL,
  text            text NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
  points          integer NOT NULL CHECK (points BETWEEN 1 AND 100),
  category_code   text NOT NULL,
  photo_required  boolean NOT NULL DEFAULT false,
  PRIMARY KEY (street_id, class_code, version, code),
  FOREIGN KEY (street_id, class_code, version) REFERENCES checklists (street_id, class_code, version),
  FOREIGN KEY (street_id, category_code) REFERENCES categories (street_id, code)
);

-- One inspection of one point: its score and where the point lay (grid, community) when inspected;
-- week_start is the Monday (local date, the street's zone) of the ISO week it falls in.
CREATE TABLE inspections (
  street_id          integer NOT NULL,
  id                 bigint GENERATED ALWAYS AS IDENTITY,
  point_code         text NOT NULL,
  class_code         text NOT NULL,
  checklist_version  integer NOT NULL,
  at                 timestamptz NOT NULL,
  week_start         date NOT NULL,
  score              integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  failed_items       integer NOT NULL CHECK (failed_items >= 0),
  grid_code          text,
  community_code     text,
  inspector          text NOT NULL,
  created_at         timestamptz NOT NULL,
  PRIMARY KEY (street_id, id),
  FOREIGN KEY (street_id, point_code) REFERENCES field_points (street_id, code),
  FOREIGN KEY (street_id, class_code, checklist_version) REFERENCES checklists (street_id, class_code, version)
);
-- the weekly assessment reads the latest inspection per point and week
CREATE INDEX inspections_week_ix ON inspections (street_id, week_start, point_code, at DESC, id DESC)
  INCLUDE (score, failed_items, grid_code, community_code);

CREATE TABLE inspection_items (
  street_id      integer NOT NULL,
  inspection_id  bigint NOT NULL,
  item_code      text NOT NULL,
  pass           boolean NOT NULL,
  note           text NOT NULL DEFAULT '',
  photos         uuid[] NOT NULL DEFAULT '{}',
  issue_id       bigint,
  PRIMARY KEY (street_id, inspection_id, item_code),
  FOREIGN KEY (street_id, inspection_id) REFERENCES inspections (street_id, id),
  FOREIGN KEY (street_id, issue_id) REFERENCES issues (street_id, id)
);
CREATE INDEX inspection_items_issue_ix ON inspection_items (street_id, issue_id) WHERE issue_id IS NOT NULL;

-- A walking order for an inspection round, kept so a phone can resume it.
CREATE TABLE inspection_rounds (
  street_id   integer NOT NULL REFERENCES streets (id),
  id          bigint GENERATED ALWAYS AS IDENTITY,
  points      text[] NOT NULL,
  length_m    double precision NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (street_id, id)
);

-- 一周一测评 settings per street: how many rows get 红旗/黄旗, and the weight (0 = none) with which
-- the loop indicators (按期结案率, 1 − 返工率) are blended into the score.
CREATE TABLE assessment_settings (
  street_id     integer PRIMARY KEY REFERENCES streets (id),
  flag_count    integer NOT NULL DEFAULT 1 CHECK (flag_count BETWEEN 0 AND 20),
  blend_weight  double precision NOT NULL DEFAULT 0 CHECK (blend_weight >= 0 AND blend_weight <= 1),
  updated_by    text NOT NULL DEFAULT '',
  updated_at    timestamptz NOT NULL DEFAULT now()
);

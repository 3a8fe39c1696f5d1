-- Why: 攻坚 campaigns — a saved area (drawn, chosen communities or grids, or imported), the
-- categories it targets, its responsible 整治组, phases with dates and aims, and targets. Several run
-- at once and may overlap in space and time. Every change makes a new version; campaign_versions
-- keeps each version whole, so a change of area or dates stays in the campaign's history.
CREATE TABLE campaigns (
  street_id   integer NOT NULL REFERENCES streets (id),
  id          bigint GENERATED ALWAYS AS IDENTITY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  geom        geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  area_source text NOT NULL DEFAULT 'drawn' CHECK (area_source IN ('drawn', 'communities', 'grids', 'imported')),
  area_units  text[] NOT NULL DEFAULT '{}',
  categories  text[],
  group_code  text,
  phases      jsonb NOT NULL,
  targets     jsonb NOT NULL DEFAULT '[]',
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
  -- the window the targets and the difference-in-differences compare with (default: 30 days before)
  baseline_from timestamptz NOT NULL,
  baseline_to   timestamptz NOT NULL CHECK (baseline_to > baseline_from AND baseline_to <= starts_at),
  archived    boolean NOT NULL DEFAULT false,
  version     integer NOT NULL DEFAULT 1,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (street_id, id),
  FOREIGN KEY (street_id, group_code) REFERENCES groups (street_id, code)
);
CREATE INDEX campaigns_running_ix ON campaigns (street_id, starts_at, ends_at) WHERE NOT archived;

CREATE TABLE campaign_versions (
  street_id    integer NOT NULL,
  campaign_id  bigint NOT NULL,
  version      integer NOT NULL,
  changed_by   text NOT NULL,
  changed_at   timestamptz NOT NULL,
  snapshot     jsonb NOT NULL,
  PRIMARY KEY (street_id, campaign_id, version),
  FOREIGN KEY (street_id, campaign_id) REFERENCES campaigns (street_id, id) ON DELETE CASCADE
);

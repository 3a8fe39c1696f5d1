-- Why: a campaign's daily line (new issues per day, issues open at each day's end) replayed the audit
-- trail of every issue in its area on each page view (~940 ms at 10⁶ issues). Each issue's part of
-- that line is now kept: issue_day_marks holds, per issue and local day, the change of "open" (+1 when
-- reported, ±1 whenever an event moves it across open/not open, exactly as api/campaigns/daily.sql
-- replayed it) and whether it was reported that day, with the issue's EPSG:4547 point and category;
-- issue_day_cells sums the marks per square cell of 40 and 160 m (the cells of issue_cells, 0028),
-- local day and category, and once more over every category as category '*' (a line over all
-- categories reads one row per cell and day instead of fifteen). A line over an area reads whole cells from issue_day_cells and the marks
-- of the 10 and 20 m cells along its edge (api/campaigns/daily-cells.sql). Statement-level triggers
-- on issues and issue_events recompute the marks of the issues a statement touched, in the same
-- transaction, so the rollup is exact through issues added, moved, re-categorised, closed, reopened
-- and deleted. Every row carries its street_id.
CREATE TABLE issue_day_marks (
  street_id      integer NOT NULL,
  issue_id       bigint NOT NULL,
  day            date NOT NULL,           -- the street's local day
  x_m            double precision NOT NULL,
  y_m            double precision NOT NULL,
  category_code  text NOT NULL,
  opened         integer NOT NULL,        -- change of the open count that day
  reported       integer NOT NULL,        -- 1 on the day it was reported
  PRIMARY KEY (street_id, issue_id, day)
);
CREATE INDEX issue_day_marks_cell10_ix ON issue_day_marks (street_id, (floor(x_m / 10)), (floor(y_m / 10)))
  INCLUDE (day, category_code, opened, reported, x_m, y_m, issue_id);

CREATE TABLE issue_day_cells (
  street_id      integer NOT NULL,
  size_m         smallint NOT NULL CHECK (size_m IN (40, 160)),
  ci             integer NOT NULL,
  cj             integer NOT NULL,
  day            date NOT NULL,
  category_code  text NOT NULL,
  opened         integer NOT NULL,
  reported       integer NOT NULL,
  PRIMARY KEY (street_id, size_m, ci, cj, category_code, day) INCLUDE (opened, reported)
);

-- Recomputes the marks of the given issues and moves their difference into the cells.
CREATE FUNCTION issue_day_refresh(p_street integer[], p_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k_s integer[];
  k_i bigint[];
BEGIN
  SELECT array_agg(s), array_agg(i) INTO k_s, k_i FROM (SELECT DISTINCT s, i FROM unnest(p_street, p_ids) u (s, i)) d;
  IF k_s IS NULL THEN RETURN; END IF;
  -- two statements (the old marks out, then the new ones in), so that a mark is never deleted and
  -- re-inserted under the same key within one statement
  WITH gone AS (
    DELETE FROM issue_day_marks m USING unnest(k_s, k_i) k (s, i) WHERE m.street_id = k.s AND m.issue_id = k.i
    RETURNING m.street_id, m.x_m, m.y_m, m.day, m.category_code, -m.opened AS opened, -m.reported AS reported
  )
  INSERT INTO issue_day_cells AS u (street_id, size_m, ci, cj, day, category_code, opened, reported)
  SELECT d.street_id, z.size_m, floor(d.x_m / z.size_m)::int, floor(d.y_m / z.size_m)::int, d.day, c.code,
         sum(d.opened)::int, sum(d.reported)::int
  FROM gone d CROSS JOIN (VALUES (40::smallint), (160::smallint)) z (size_m) CROSS JOIN LATERAL (VALUES (d.category_code), ('*')) c (code)
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (street_id, size_m, ci, cj, category_code, day)
  DO UPDATE SET opened = u.opened + EXCLUDED.opened, reported = u.reported + EXCLUDED.reported;

  WITH fresh AS (
    SELECT i.street_id, i.id, (d.at AT TIME ZONE s.timezone)::date AS day, i.x_m, i.y_m, i.category_code,
           sum(d.opened)::int AS opened, sum(d.reported)::int AS reported
    FROM unnest(k_s, k_i) k (s, i)
    JOIN issues i ON i.street_id = k.s AND i.id = k.i
    JOIN streets s ON s.id = i.street_id
    CROSS JOIN LATERAL (
      SELECT i.reported_at AS at, 1 AS opened, 1 AS reported
      UNION ALL
      SELECT e.at, is_open(e.to_status)::int - is_open(coalesce(e.prev, 'reported'))::int, 0
      FROM (SELECT x.at, x.to_status, lag(x.to_status) OVER (ORDER BY x.at, x.id) AS prev
            FROM issue_events x
            WHERE x.street_id = i.street_id AND x.issue_id = i.id AND x.to_status IS NOT NULL) e
      WHERE is_open(e.to_status) <> is_open(coalesce(e.prev, 'reported'))
    ) d
    GROUP BY 1, 2, 3, 4, 5, 6
  ), put AS (
    INSERT INTO issue_day_marks (street_id, issue_id, day, x_m, y_m, category_code, opened, reported)
    SELECT * FROM fresh
    RETURNING street_id, x_m, y_m, day, category_code, opened, reported
  )
  INSERT INTO issue_day_cells AS u (street_id, size_m, ci, cj, day, category_code, opened, reported)
  SELECT d.street_id, z.size_m, floor(d.x_m / z.size_m)::int, floor(d.y_m / z.size_m)::int, d.day, c.code,
         sum(d.opened)::int, sum(d.reported)::int
  FROM put d CROSS JOIN (VALUES (40::smallint), (160::smallint)) z (size_m) CROSS JOIN LATERAL (VALUES (d.category_code), ('*')) c (code)
  GROUP BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (street_id, size_m, ci, cj, category_code, day)
  DO UPDATE SET opened = u.opened + EXCLUDED.opened, reported = u.reported + EXCLUDED.reported;
END $$;

CREATE FUNCTION issue_day_issues_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_day_refresh(array_agg(street_id), array_agg(id)) FROM new_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION issue_day_issues_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- only the rows whose point, category or report time changed (a status change arrives with its event)
  PERFORM issue_day_refresh(array_agg(w.street_id), array_agg(w.id))
  FROM new_rows w JOIN old_rows o ON o.street_id = w.street_id AND o.id = w.id
  WHERE o.x_m IS DISTINCT FROM w.x_m OR o.y_m IS DISTINCT FROM w.y_m
     OR o.category_code IS DISTINCT FROM w.category_code OR o.reported_at IS DISTINCT FROM w.reported_at;
  RETURN NULL;
END $$;

CREATE FUNCTION issue_day_issues_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_day_refresh(array_agg(street_id), array_agg(id)) FROM old_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION issue_day_events_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_day_refresh(array_agg(street_id), array_agg(issue_id)) FROM new_rows WHERE to_status IS NOT NULL;
  RETURN NULL;
END $$;

CREATE FUNCTION issue_day_events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_day_refresh(array_agg(street_id), array_agg(issue_id))
  FROM (SELECT street_id, issue_id FROM old_rows UNION SELECT street_id, issue_id FROM new_rows) r;
  RETURN NULL;
END $$;

CREATE FUNCTION issue_day_events_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_day_refresh(array_agg(street_id), array_agg(issue_id)) FROM old_rows;
  RETURN NULL;
END $$;

CREATE TRIGGER issues_day_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_issues_new();
CREATE TRIGGER issues_day_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_issues_changed();
CREATE TRIGGER issues_day_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_issues_gone();
CREATE TRIGGER issue_events_day_insert AFTER INSERT ON issue_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_events_new();
CREATE TRIGGER issue_events_day_update AFTER UPDATE ON issue_events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_events_changed();
CREATE TRIGGER issue_events_day_delete AFTER DELETE ON issue_events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_events_gone();

SELECT issue_day_refresh(array_agg(street_id), array_agg(id)) FROM issues;

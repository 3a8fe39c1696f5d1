-- Why: an area analysis over a million issues counted every issue inside the polygon (~125,000 for
-- 0.3 km²), which alone costs more than its 50 ms budget. issue_cells holds the number of issues per
-- square cell of EPSG:4547 (20, 40, 80 and 160 m, nested: a cell of size s at (ci, cj) covers
-- [ci·s, (ci+1)·s) × [cj·s, (cj+1)·s) of the stored x_m/y_m), per category and status, for all time
-- ('a') and per local month reported ('m'). An area count then reads the largest cells lying inside
-- the polygon from here and only the issues of the 10 m cells along its edge (api/analysis/
-- area-counts-cells.sql). Statement-level triggers keep it exact in the same transaction as every
-- insert, update and delete of issues. A key whose count drops to 0 stays as a 0 row: sums ignore
-- it, and the next issue there reuses it (writes stay one upsert per key).
CREATE TABLE issue_cells (
  street_id      integer NOT NULL,
  size_m         smallint NOT NULL CHECK (size_m IN (20, 40, 80, 160)),
  grain          char(1) NOT NULL CHECK (grain IN ('a', 'm')),
  ci             integer NOT NULL,
  cj             integer NOT NULL,
  month          date NOT NULL,  -- the first local day of the month ('m'); 2000-01-01 for 'a'
  category_code  text NOT NULL,
  status         text NOT NULL,
  n              integer NOT NULL,
  -- n rides in the key's index so a count reads the index alone.
  PRIMARY KEY (street_id, size_m, grain, ci, cj, month, category_code, status) INCLUDE (n)
);

-- The eight rollups every issue lands in: one cell of each size, for all time and for its month.
CREATE VIEW issue_cell_levels (size_m, grain) AS
SELECT z.size_m, g.grain
FROM (VALUES (20::smallint), (40::smallint), (80::smallint), (160::smallint)) z(size_m)
CROSS JOIN (VALUES ('a'::char(1)), ('m'::char(1))) g(grain);

CREATE FUNCTION issue_cell_month(p_grain char(1), p_reported timestamptz, p_tz text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE p_grain WHEN 'm' THEN date_trunc('month', p_reported AT TIME ZONE p_tz)::date ELSE DATE '2000-01-01' END
$$;

-- Adds each row of a transition table, signed, to its eight keys (one statement per trigger call).
CREATE FUNCTION issue_cells_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_cells AS u (street_id, size_m, grain, ci, cj, month, category_code, status, n)
  SELECT r.street_id, l.size_m, l.grain, floor(r.x_m / l.size_m)::int, floor(r.y_m / l.size_m)::int,
         issue_cell_month(l.grain, r.reported_at, s.timezone), r.category_code, r.status, count(*)
  FROM new_rows r JOIN streets s ON s.id = r.street_id CROSS JOIN issue_cell_levels l
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (street_id, size_m, grain, ci, cj, month, category_code, status)
  DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- Old rows count −1 and new rows +1 per key; an update that changed no key column cancels out and
-- writes nothing.
CREATE FUNCTION issue_cells_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_cells AS u (street_id, size_m, grain, ci, cj, month, category_code, status, n)
  SELECT r.street_id, l.size_m, l.grain, floor(r.x_m / l.size_m)::int, floor(r.y_m / l.size_m)::int,
         issue_cell_month(l.grain, r.reported_at, s.timezone), r.category_code, r.status, sum(r.sign)::int
  FROM (SELECT o.street_id, o.x_m, o.y_m, o.reported_at, o.category_code, o.status, -1 AS sign FROM old_rows o
        UNION ALL
        SELECT w.street_id, w.x_m, w.y_m, w.reported_at, w.category_code, w.status, 1 FROM new_rows w) r
  JOIN streets s ON s.id = r.street_id CROSS JOIN issue_cell_levels l
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  HAVING sum(r.sign) <> 0
  ON CONFLICT (street_id, size_m, grain, ci, cj, month, category_code, status)
  DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION issue_cells_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_cells AS u (street_id, size_m, grain, ci, cj, month, category_code, status, n)
  SELECT r.street_id, l.size_m, l.grain, floor(r.x_m / l.size_m)::int, floor(r.y_m / l.size_m)::int,
         issue_cell_month(l.grain, r.reported_at, s.timezone), r.category_code, r.status, -count(*)
  FROM old_rows r JOIN streets s ON s.id = r.street_id CROSS JOIN issue_cell_levels l
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (street_id, size_m, grain, ci, cj, month, category_code, status)
  DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE TRIGGER issues_cells_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_cells_insert();
CREATE TRIGGER issues_cells_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_cells_update();
CREATE TRIGGER issues_cells_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_cells_delete();

-- How a window [p_from, p_to) (NULL = open) reads issue_cells: the grain ('a' for all time, 'm' for
-- the window's whole local months [lo, hi), NULL when it holds no whole month) and the two spans of
-- the window outside them, [s1_from, s1_to) and [s2_from, s2_to) (NULL = none), which are read
-- from the issues themselves.
CREATE FUNCTION issue_cells_window(p_street integer, p_from timestamptz, p_to timestamptz)
RETURNS TABLE (grain char(1), lo date, hi date, s1_from timestamptz, s1_to timestamptz,
               s2_from timestamptz, s2_to timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p_from IS NULL AND p_to IS NULL THEN 'a' WHEN use_months THEN 'm' END::char(1),
         coalesce(lo, DATE '2000-01-01'), coalesce(hi, DATE '9999-01-01'),
         CASE WHEN NOT use_months OR lo IS NOT NULL THEN p_from END,
         CASE WHEN NOT use_months THEN p_to WHEN lo IS NOT NULL THEN lo::timestamp AT TIME ZONE tz END,
         CASE WHEN use_months AND hi IS NOT NULL THEN hi::timestamp AT TIME ZONE tz END,
         CASE WHEN use_months AND hi IS NOT NULL THEN p_to END
  FROM (SELECT tz, lo, hi, (lo IS NULL OR hi IS NULL OR lo < hi) AS use_months
        FROM (SELECT s.timezone AS tz,
                     -- the first local month start at or after p_from, and the one at or before p_to
                     CASE WHEN date_trunc('month', p_from AT TIME ZONE s.timezone) = p_from AT TIME ZONE s.timezone
                          THEN date_trunc('month', p_from AT TIME ZONE s.timezone)::date
                          ELSE (date_trunc('month', p_from AT TIME ZONE s.timezone) + interval '1 month')::date END AS lo,
                     date_trunc('month', p_to AT TIME ZONE s.timezone)::date AS hi
              FROM streets s WHERE s.id = p_street) x) y
$$;

-- Overdue (open and past its deadline at the instant asked) cannot be rolled up: the area count
-- reads the open issues past their deadline from this index alone, with the coordinates to place
-- them (and the id, to fetch the point of the few on the polygon's edge).
CREATE INDEX issues_open_xy_ix ON issues (street_id, deadline)
  INCLUDE (x_m, y_m, reported_at, category_code, status, id)
  WHERE status IN ('reported', 'assigned', 'rectifying', 'rectified');

INSERT INTO issue_cells (street_id, size_m, grain, ci, cj, month, category_code, status, n)
SELECT i.street_id, l.size_m, l.grain, floor(i.x_m / l.size_m)::int, floor(i.y_m / l.size_m)::int,
       issue_cell_month(l.grain, i.reported_at, s.timezone), i.category_code, i.status, count(*)
FROM issues i JOIN streets s ON s.id = i.street_id CROSS JOIN issue_cell_levels l
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- Why: the control of an area analysis (the street's count for a window) read every issue of the
-- window's part outside whole months, issue by issue: a 30-day window of a street of 10⁶ issues is
-- ~14,000–80,000 issues, ~45 ms on PGlite per window and two windows per before/after request. The
-- day rows of issue_rollup do not help (grid × community × category × status: ~200 rows a day for
-- ~270 issues at 10⁵). issue_rollup gains grain 's', the street's day: one row per (local day, category,
-- status), grid_code and community_code ''. About 20 rows a day; the window's whole days are read
-- from them, and only its partial first and last day from the issues (api/analysis/area-street.sql).
-- The same triggers keep it exact, through issue_rollup_keys for updates and deletes and the insert
-- function for inserts. A writer already holds its street-day rows (issue_day_indicators, 0230), and
-- writers commit in order (0190), so the one row per street, day, category and status adds no wait.
ALTER TABLE issue_rollup DROP CONSTRAINT issue_rollup_grain_check;
ALTER TABLE issue_rollup ADD CONSTRAINT issue_rollup_grain_check CHECK (grain IN ('d', 'm', 's'));

CREATE OR REPLACE FUNCTION issue_rollup_keys(p_rows jsonb, p_sign integer)
RETURNS TABLE (street_id integer, grain char(1), day date, grid_code text, community_code text,
               category_code text, status text, n integer)
LANGUAGE sql STABLE AS $$
  SELECT r.street_id, g.grain,
         CASE g.grain WHEN 'm' THEN date_trunc('month', r.reported_at AT TIME ZONE s.timezone)::date
                      ELSE (r.reported_at AT TIME ZONE s.timezone)::date END,
         CASE g.grain WHEN 's' THEN '' ELSE r.grid_code END,
         CASE g.grain WHEN 's' THEN '' ELSE r.community_code END,
         r.category_code, r.status, (p_sign * count(*))::int
  FROM jsonb_to_recordset(p_rows) AS r(street_id integer, reported_at timestamptz, grid_code text,
                                      community_code text, category_code text, status text)
  JOIN streets s ON s.id = r.street_id
  CROSS JOIN (VALUES ('d'::char(1)), ('m'::char(1)), ('s'::char(1))) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
$$;

CREATE OR REPLACE FUNCTION issue_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_rollup AS u (street_id, grain, day, grid_code, community_code, category_code, status, n)
  SELECT r.street_id, g.grain,
         CASE g.grain WHEN 'm' THEN date_trunc('month', r.reported_at AT TIME ZONE s.timezone)::date
                      ELSE (r.reported_at AT TIME ZONE s.timezone)::date END,
         CASE g.grain WHEN 's' THEN '' ELSE r.grid_code END,
         CASE g.grain WHEN 's' THEN '' ELSE r.community_code END,
         r.category_code, r.status, count(*)
  FROM new_rows r
  JOIN streets s ON s.id = r.street_id
  CROSS JOIN (VALUES ('d'::char(1)), ('m'::char(1)), ('s'::char(1))) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (street_id, grain, day, grid_code, community_code, category_code, status)
  DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

INSERT INTO issue_rollup (street_id, grain, day, grid_code, community_code, category_code, status, n)
SELECT i.street_id, 's', (i.reported_at AT TIME ZONE s.timezone)::date, '', '', i.category_code, i.status, count(*)
FROM issues i
JOIN streets s ON s.id = i.street_id
GROUP BY 1, 2, 3, 4, 5, 6, 7;

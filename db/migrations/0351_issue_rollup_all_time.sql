-- Why: the wall's grid statistics and Gi* hotspots count all time by default, and all time summed
-- every monthly row of issue_rollup: ~11,000 rows at 10⁵ issues (6.8 ms of the read on the server,
-- and it grows by a year's rows every year), recomputed after every write while reports stream in
-- (docs/performance.md, "All time from one rollup row per key"). issue_rollup gains grain 'a', all
-- time: one row per (grid, community, category, status), its day '-infinity'. The same triggers keep it
-- exact, through issue_rollup_keys for updates and deletes and the insert function for inserts; a
-- writer already updates the key's row of the month, so the row of all time adds no new wait.
ALTER TABLE issue_rollup DROP CONSTRAINT issue_rollup_grain_check;
ALTER TABLE issue_rollup ADD CONSTRAINT issue_rollup_grain_check CHECK (grain IN ('a', 'd', 'm', 's'));

-- A rollup row's key for an issue's local time and place, per grain: the grains, and each one's
-- day (the month's first for 'm', -infinity for 'a') and whether it keeps the grid and community
-- ('s' does not). Plain SQL functions, inlined where they are called.
CREATE FUNCTION issue_rollup_grains() RETURNS SETOF char(1) LANGUAGE sql IMMUTABLE AS $$
  VALUES ('a'::char(1)), ('d'::char(1)), ('m'::char(1)), ('s'::char(1))
$$;

CREATE FUNCTION issue_rollup_day(p_grain char(1), p_at timestamptz, p_timezone text) RETURNS date LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_grain WHEN 'm' THEN date_trunc('month', p_at AT TIME ZONE p_timezone)::date
                      WHEN 'a' THEN '-infinity'::date
                      ELSE (p_at AT TIME ZONE p_timezone)::date END
$$;

CREATE FUNCTION issue_rollup_place(p_grain char(1), p_code text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_grain WHEN 's' THEN '' ELSE p_code END
$$;

CREATE OR REPLACE FUNCTION issue_rollup_keys(p_rows jsonb, p_sign integer)
RETURNS TABLE (street_id integer, grain char(1), day date, grid_code text, community_code text,
               category_code text, status text, n integer)
LANGUAGE sql STABLE AS $$
  SELECT r.street_id, g.grain, issue_rollup_day(g.grain, r.reported_at, s.timezone),
         issue_rollup_place(g.grain, r.grid_code), issue_rollup_place(g.grain, r.community_code),
         r.category_code, r.status, (p_sign * count(*))::int
  FROM jsonb_to_recordset(p_rows) AS r(street_id integer, reported_at timestamptz, grid_code text,
                                      community_code text, category_code text, status text)
  JOIN streets s ON s.id = r.street_id
  CROSS JOIN issue_rollup_grains() g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
$$;

CREATE OR REPLACE FUNCTION issue_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_rollup AS u (street_id, grain, day, grid_code, community_code, category_code, status, n)
  SELECT r.street_id, g.grain, issue_rollup_day(g.grain, r.reported_at, s.timezone),
         issue_rollup_place(g.grain, r.grid_code), issue_rollup_place(g.grain, r.community_code),
         r.category_code, r.status, count(*)
  FROM new_rows r
  JOIN streets s ON s.id = r.street_id
  CROSS JOIN issue_rollup_grains() g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (street_id, grain, day, grid_code, community_code, category_code, status)
  DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

INSERT INTO issue_rollup (street_id, grain, day, grid_code, community_code, category_code, status, n)
SELECT i.street_id, 'a', '-infinity'::date, i.grid_code, i.community_code, i.category_code, i.status, count(*)
FROM issues i
GROUP BY 1, 2, 3, 4, 5, 6, 7;

-- Why: a bike-coverage read with a window (the wall's "this year", a campaign's span) takes the
-- window's whole days as the difference of each cell's running sums at its two ends (migration
-- 0341): the sums before its first whole day, and those before the day after its last. Each was
-- one index probe per cell wherever the cell's issues go on past that day: at the start for every
-- cell with older issues, at the end, for a window up to now, for every cell with a report today
-- (~220 of 879 cells at r=100 in the bench's 10⁶ issues). Together with the gains below, the
-- 1-year window after a change was 0.8× the naive areas statement (docs/performance.md, "A
-- window's ends kept"). The sums before a day change only when an issue of an earlier day changes
-- (a report, a move or a close of today's issues changes today's sums), so they are now kept:
-- bike_gap_cuts names, per street, radius and day, a kept cut, and bike_gap_cut_cells holds every
-- cell's sums of the days before it, joined to the cells by key. A read keeps the cuts at its
-- window's two ends when missing and not after today (at most p_keep per radius, like the windows'
-- answers of migration 0034); any change to a running sum drops the cuts after its day (a statement
-- trigger on bike_gap_days, so every writer of the sums is covered), and the next read keeps them
-- again. A cut after today would be dropped by every report of today, and such an end needs none:
-- no cell has a running sum after today, so a window ending later ends with each cell's own sums.
--
-- Consistency: the writers of the running sums hold the street's coverage rows until they commit
-- (migration 0335); keeping a cut takes the radius's row first, so the sums it reads afterwards
-- are all committed and none is being written. The read takes the cuts in the same snapshot as the
-- cells it combines them with; if a writer dropped one after the function looked, that snapshot
-- has none and the cells are looked up one by one, as before.

CREATE TABLE bike_gap_cuts (
  street_id  integer NOT NULL,
  radius_m   integer NOT NULL,
  day        date NOT NULL,          -- a window's first whole UTC day, or the day after its last
  kept_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (street_id, radius_m, day),
  FOREIGN KEY (street_id, radius_m) REFERENCES bike_coverage (street_id, radius_m) ON DELETE CASCADE
);

CREATE TABLE bike_gap_cut_cells (
  street_id  integer NOT NULL,
  radius_m   integer NOT NULL,
  day        date NOT NULL,
  cx         integer NOT NULL,       -- a cell with a running sum before that day (bike_gap_days)
  cy         integer NOT NULL,
  n          integer NOT NULL,       -- the cell's last running sums before that day
  sx         numeric NOT NULL,
  sy         numeric NOT NULL,
  PRIMARY KEY (street_id, radius_m, day, cx, cy) INCLUDE (n, sx, sy),
  FOREIGN KEY (street_id, radius_m, day) REFERENCES bike_gap_cuts (street_id, radius_m, day) ON DELETE CASCADE
);

-- A window's site in a cell is the centroid of the cell's issues in that window, so its gain (the
-- street area its buffer adds; migration 0313 keeps it only for a site of all of a cell's issues)
-- was computed again for every listed site after any change anywhere: 10 × 0.12 ms at r=100. The
-- cell now also keeps the last window's site it computed (place, gain, and the cell's gen then);
-- a later window's site at the same place, with nothing near the cell changed since (every writer
-- that forgets a cell's gain moves its gen, 0313/0334), uses it.
ALTER TABLE bike_gap_cells ADD COLUMN win_x float8, ADD COLUMN win_y float8, ADD COLUMN win_gain float8, ADD COLUMN win_gen bigint;

INSERT INTO unwatched_tables (relname, why) VALUES
  ('bike_gap_cuts', 'written while reading: the running sums at a window''s ends (0348)'),
  ('bike_gap_cut_cells', 'written while reading: the running sums at a window''s ends (0348)');

-- Keeps the running sums of every cell of one radius before the day p_day, unless kept already,
-- and drops the oldest kept cuts beyond p_keep.
CREATE FUNCTION bike_gap_cuts_keep(p_street integer, p_radius integer, p_day date, p_keep integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- The radius's coverage row, as the writers of the running sums take it (0335): the statements
  -- below read every committed sum, and no writer of this street is under way.
  PERFORM 1 FROM bike_coverage WHERE street_id = p_street AND radius_m = p_radius FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  INSERT INTO bike_gap_cuts (street_id, radius_m, day) VALUES (p_street, p_radius, p_day)
  ON CONFLICT (street_id, radius_m, day) DO NOTHING;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  INSERT INTO bike_gap_cut_cells (street_id, radius_m, day, cx, cy, n, sx, sy)
  SELECT p_street, p_radius, p_day, k.cx, k.cy, b.n, b.sx, b.sy
  FROM bike_gap_cells k
  CROSS JOIN LATERAL (
    SELECT d.n, d.sx, d.sy FROM bike_gap_days d
    WHERE d.street_id = p_street AND d.radius_m = p_radius AND d.cx = k.cx AND d.cy = k.cy AND d.day < p_day
    ORDER BY d.day DESC LIMIT 1) b
  WHERE k.street_id = p_street AND k.radius_m = p_radius
  ORDER BY k.cx, k.cy;
  DELETE FROM bike_gap_cuts
  WHERE street_id = p_street AND radius_m = p_radius
    AND day IN (SELECT day FROM bike_gap_cuts
                WHERE street_id = p_street AND radius_m = p_radius
                ORDER BY kept_at DESC, (day = p_day) DESC, day OFFSET p_keep);
END $$;

-- A running sum of some day changed (added, patched, rebuilt or removed): the cuts after that day
-- no longer hold (their cells go with them). A report of today drops none kept for today or before.
CREATE FUNCTION bike_gap_cuts_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM bike_gap_cuts b
    USING (SELECT street_id, radius_m, min(day) AS day FROM old_rows GROUP BY 1, 2) x
    WHERE b.street_id = x.street_id AND b.radius_m = x.radius_m AND b.day > x.day;
  ELSE
    DELETE FROM bike_gap_cuts b
    USING (SELECT street_id, radius_m, min(day) AS day FROM new_rows GROUP BY 1, 2) x
    WHERE b.street_id = x.street_id AND b.radius_m = x.radius_m AND b.day > x.day;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER bike_gap_days_inserted_drop_cuts AFTER INSERT ON bike_gap_days
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bike_gap_cuts_drop();
CREATE TRIGGER bike_gap_days_updated_drop_cuts AFTER UPDATE ON bike_gap_days
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bike_gap_cuts_drop();
CREATE TRIGGER bike_gap_days_deleted_drop_cuts AFTER DELETE ON bike_gap_days
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bike_gap_cuts_drop();

-- Migration 0344's function, its window's ends now read from the kept cuts and its sites' gains
-- kept (otherwise as 0344 wrote it; what it computes is described there). Its plan is generic, made
-- from the statistics of the connection's first call; with none yet for a new radius's cells or
-- cuts (one row expected), the planner joined the cells to the cuts in a loop that read the whole
-- cut for every cell: 44 ms instead of 2 at 10⁴ issues. Loops are therefore ruled out wherever an
-- equality join can replace them (enable_nestloop); the lookups that must loop (the partial days'
-- time ranges, the per-cell lookups) still do.
CREATE OR REPLACE FUNCTION bike_coverage_gaps(p_street integer, p_radius integer, p_from timestamptz, p_to timestamptz,
                                   p_sites integer, p_fresh boolean, p_first date, p_end date,
                                   p_key text, p_keep integer)
RETURNS TABLE (uncovered integer, lon float8, lat float8, demand integer, gain_m2 float8)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan SET enable_nestloop = off AS $$
#variable_conflict use_column
BEGIN
  -- A window's ends not kept yet, of today or before (a later end needs none): kept now, for this
  -- read and the next.
  IF p_first IS NOT NULL AND NOT p_fresh THEN
    IF p_first <= (now() AT TIME ZONE 'UTC')::date AND NOT EXISTS (
         SELECT 1 FROM bike_gap_cuts b WHERE b.street_id = p_street AND b.radius_m = p_radius AND b.day = p_first) THEN
      PERFORM bike_gap_cuts_keep(p_street, p_radius, p_first, p_keep);
    END IF;
    IF p_end <= (now() AT TIME ZONE 'UTC')::date AND NOT EXISTS (
         SELECT 1 FROM bike_gap_cuts b WHERE b.street_id = p_street AND b.radius_m = p_radius AND b.day = p_end) THEN
      PERFORM bike_gap_cuts_keep(p_street, p_radius, p_end, p_keep);
    END IF;
  END IF;
  RETURN QUERY
  WITH c AS MATERIALIZED (
    -- ST_Force2D returns the coverage detoasted once; read straight from the table, every
    -- point-in-polygon test below would decompress it again (40 µs a point at 10⁵ issues).
    SELECT ST_Force2D(b.geom) AS geom, b.version FROM bike_coverage b WHERE b.street_id = p_street AND b.radius_m = p_radius
  ), s AS MATERIALIZED (
    SELECT ST_Transform(t.boundary, 4547) AS outline FROM streets t WHERE t.id = p_street
  ), cut AS MATERIALIZED (
    -- Whether the cuts at the window's two ends are kept.
    SELECT EXISTS (SELECT 1 FROM bike_gap_cuts b WHERE b.street_id = p_street AND b.radius_m = p_radius AND b.day = p_first) AS lo,
           EXISTS (SELECT 1 FROM bike_gap_cuts b WHERE b.street_id = p_street AND b.radius_m = p_radius AND b.day = p_end) AS hi
  ), whole_days AS (
    -- A window's whole days: per cell, the running sums before the day after its last less those
    -- before its first, with the stored cell (all of its days) and its kept gains. A window ending
    -- after the cell's last day (a window up to now, for most cells) ends with all of the cell.
    -- Otherwise, and at the start, the sums come from the kept cuts, or, when a writer dropped one
    -- after this function looked (a day before it changed), from a lookup per cell. (The lookups
    -- are scalar subqueries, each run only when its case arises.)
    SELECT k.cx, k.cy,
           CASE WHEN k.last_day < p_end THEN k.n ELSE coalesce(hi.n, e.sums[1]::int, 0) END - coalesce(lo.n, b.sums[1]::int, 0) AS n,
           CASE WHEN k.last_day < p_end THEN k.sx ELSE coalesce(hi.sx, e.sums[2], 0) END AS hi_sx,
           CASE WHEN k.last_day < p_end THEN k.sy ELSE coalesce(hi.sy, e.sums[3], 0) END AS hi_sy,
           coalesce(lo.sx, b.sums[2], 0) AS lo_sx, coalesce(lo.sy, b.sums[3], 0) AS lo_sy,
           k.n AS all_n, k.gain_m2, k.gen, k.win_x, k.win_y, k.win_gain, k.win_gen
    FROM bike_gap_cells k
    LEFT JOIN bike_gap_cut_cells lo
      ON lo.street_id = p_street AND lo.radius_m = p_radius AND lo.day = p_first AND lo.cx = k.cx AND lo.cy = k.cy
    LEFT JOIN bike_gap_cut_cells hi
      ON hi.street_id = p_street AND hi.radius_m = p_radius AND hi.day = p_end AND hi.cx = k.cx AND hi.cy = k.cy
    CROSS JOIN LATERAL (
      SELECT CASE WHEN NOT coalesce(k.last_day < p_end, false) AND NOT (SELECT cut.hi FROM cut) THEN
               (SELECT ARRAY[d.n, d.sx, d.sy] FROM bike_gap_days d
                WHERE d.street_id = p_street AND d.radius_m = p_radius AND d.cx = k.cx AND d.cy = k.cy AND d.day < p_end
                ORDER BY d.day DESC LIMIT 1) END AS sums) e
    CROSS JOIN LATERAL (
      SELECT CASE WHEN NOT (SELECT cut.lo FROM cut) THEN
               (SELECT ARRAY[d.n, d.sx, d.sy] FROM bike_gap_days d
                WHERE d.street_id = p_street AND d.radius_m = p_radius AND d.cx = k.cx AND d.cy = k.cy AND d.day < p_first
                ORDER BY d.day DESC LIMIT 1) END AS sums) b
    WHERE k.street_id = p_street AND k.radius_m = p_radius AND k.n > 0 AND NOT p_fresh AND p_first IS NOT NULL
  ), partial_days AS (
    -- Its partial days (all of it when it holds no whole day, or everything when p_fresh): from the issues.
    SELECT floor(i.x_m / (p_radius::float8 / 2))::int AS cx, floor(i.y_m / (p_radius::float8 / 2))::int AS cy,
           count(*)::int AS n, sum(i.x_m::numeric) AS sx, sum(i.y_m::numeric) AS sy
    FROM (VALUES
            -- The partial days as two ranges of time, each one range scan of the index whatever the
            -- plan: before the first whole day, and from the day after the last; or the whole window
            -- (all time when open) when it holds no whole day or p_fresh asks for everything.
            (coalesce(p_from, '-infinity'),
             CASE WHEN p_fresh OR p_first IS NULL THEN coalesce(p_to, 'infinity')
                  ELSE p_first::timestamp AT TIME ZONE 'UTC' END),
            (CASE WHEN p_fresh OR p_first IS NULL THEN 'infinity'::timestamptz
                  ELSE p_end::timestamp AT TIME ZONE 'UTC' END,
             coalesce(p_to, 'infinity'))) r (lo, hi)
    JOIN issues i ON i.reported_at >= r.lo AND i.reported_at < r.hi
    CROSS JOIN c
    WHERE (p_fresh OR p_from IS NOT NULL OR p_to IS NOT NULL)
      AND r.lo < r.hi AND i.street_id = p_street AND i.category_code = 'bike_parking'
      AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))
    GROUP BY 1, 2
  ), windowed AS (
    -- The two joined by cell. The coordinate sums are combined only for the cells that can be
    -- listed (in `top`): numeric arithmetic for every cell cost more than the rest of the read.
    SELECT coalesce(w.cx, p.cx) AS cx, coalesce(w.cy, p.cy) AS cy, coalesce(w.n, 0) + coalesce(p.n, 0) AS n,
           w.hi_sx, w.hi_sy, w.lo_sx, w.lo_sy, p.sx AS p_sx, p.sy AS p_sy,
           w.all_n, w.gain_m2, w.gen, w.win_x, w.win_y, w.win_gain, w.win_gen
    FROM whole_days w FULL JOIN partial_days p ON p.cx = w.cx AND p.cy = w.cy
  ), cells AS MATERIALIZED (
    SELECT g.cx, g.cy, g.n, g.sx AS hi_sx, g.sy AS hi_sy, NULL::numeric AS lo_sx, NULL::numeric AS lo_sy,
           NULL::numeric AS p_sx, NULL::numeric AS p_sy, true AS whole, g.gain_m2 AS memo, g.gen,
           NULL::float8 AS win_x, NULL::float8 AS win_y, NULL::float8 AS win_gain
    FROM bike_gap_cells g
    WHERE g.street_id = p_street AND g.radius_m = p_radius AND g.n > 0
      AND NOT p_fresh AND p_from IS NULL AND p_to IS NULL
    UNION ALL
    -- A window's cells; one holding all of the stored cell's issues (as many as the cell: the
    -- window's are among them) is the stored cell's site, with
    -- its kept gain; another has the gain kept for the last window's site of the cell, if that site
    -- was at the same place and nothing near the cell changed since (gen).
    SELECT w.cx, w.cy, w.n, w.hi_sx, w.hi_sy, w.lo_sx, w.lo_sy, w.p_sx, w.p_sy, w.whole, CASE WHEN w.whole THEN w.gain_m2 END, w.gen,
           CASE WHEN NOT w.whole AND w.win_gen = w.gen THEN w.win_x END,
           CASE WHEN NOT w.whole AND w.win_gen = w.gen THEN w.win_y END,
           CASE WHEN NOT w.whole AND w.win_gen = w.gen THEN w.win_gain END
    FROM (SELECT x.*, coalesce(x.all_n = x.n, false) AS whole FROM windowed x) w
    WHERE w.n > 0
  ), demand AS (
    SELECT cx, cy, n AS demand, hi_sx, hi_sy, lo_sx, lo_sy, p_sx, p_sy, whole, memo, gen, win_x, win_y, win_gain FROM cells WHERE n >= 3
  ), top AS (
    -- Only sites at least as strong as the p_sites-th strongest can be listed (ties then go by gain); only
    -- their centroids are divided out (numeric division, ~2 µs a cell).
    SELECT d.cx, d.cy, d.demand, p.x, p.y, d.whole, d.gen,
           coalesce(d.memo, CASE WHEN (d.win_x, d.win_y) = (p.x, p.y) THEN d.win_gain END) AS memo
    FROM demand d
    CROSS JOIN LATERAL (SELECT ((coalesce(d.hi_sx, 0) - coalesce(d.lo_sx, 0) + coalesce(d.p_sx, 0)) / d.demand)::float8 AS x,
                               ((coalesce(d.hi_sy, 0) - coalesce(d.lo_sy, 0) + coalesce(d.p_sy, 0)) / d.demand)::float8 AS y) p
    WHERE d.demand >= coalesce((SELECT demand FROM demand ORDER BY demand DESC OFFSET p_sites - 1 LIMIT 1), 0)
  ), scored AS MATERIALIZED (
    -- A gain kept with its cell (migration 0313) is used as it is; the others are computed.
    SELECT t.cx, t.cy, t.x, t.y, t.demand, t.whole, t.memo, t.gen,
           CASE WHEN t.memo IS NOT NULL THEN t.memo
                ELSE (SELECT ST_Area(ST_Difference(ST_Intersection(b.buf, s.outline),
                                                   ST_Intersection(c.geom, ST_Expand(ST_Envelope(b.buf), 1))))
                      FROM (SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(t.x, t.y), 4547), p_radius, 8) AS buf) b) END AS gain_m2
    FROM top t CROSS JOIN s CROSS JOIN c
  ), listed AS (
    SELECT * FROM scored ORDER BY demand DESC, gain_m2 DESC, cx, cy LIMIT p_sites
  ), lonlat AS (
    SELECT l.cx, l.cy, ST_X(g) AS lon, ST_Y(g) AS lat
    FROM listed l, LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(l.x, l.y), 4547), 4326) AS g OFFSET 0) t
  ), stored AS (
    -- The answer kept under the window's key p_key for the coverage version it was computed from (at
    -- most p_keep windows per radius; migration 0034), in this statement rather than one more round trip.
    SELECT bike_coverage_sites_put(p_street, p_radius, p_key, (SELECT version FROM c), (SELECT coalesce(sum(n), 0)::int FROM cells),
             (SELECT coalesce(jsonb_agg(jsonb_build_object('lon', ll.lon, 'lat', ll.lat, 'demand', l.demand, 'gain_m2', l.gain_m2)
                                         ORDER BY l.demand DESC, l.gain_m2 DESC, l.cx, l.cy), '[]')
              FROM listed l JOIN lonlat ll ON ll.cx = l.cx AND ll.cy = l.cy), p_keep)
    WHERE p_key IS NOT NULL
  ), kept AS (
    -- Keeps the computed gains with their cells, unless the cell changed since it was read (gen).
    -- Only after the answer is stored (`put` reads it): storing locks the coverage's row, and a
    -- writer locks it before the cells (migration 0335), so the cells' rows come second here too.
    -- A whole cell's site keeps its gain as the cell's; a window's site keeps it with its place.
    UPDATE bike_gap_cells g
    SET gain_m2 = CASE WHEN sc.whole THEN sc.gain_m2 ELSE g.gain_m2 END,
        win_x = CASE WHEN sc.whole THEN g.win_x ELSE sc.x END,
        win_y = CASE WHEN sc.whole THEN g.win_y ELSE sc.y END,
        win_gain = CASE WHEN sc.whole THEN g.win_gain ELSE sc.gain_m2 END,
        win_gen = CASE WHEN sc.whole THEN g.win_gen ELSE sc.gen END
    FROM scored sc, (SELECT count(*) FROM stored) put
    WHERE sc.memo IS NULL AND sc.gen IS NOT NULL
      AND g.street_id = p_street AND g.radius_m = p_radius AND g.cx = sc.cx AND g.cy = sc.cy AND g.gen = sc.gen
  )
  SELECT (SELECT coalesce(sum(n), 0)::int FROM cells) AS uncovered,
         t.lon, t.lat, t.demand, t.gain_m2
  FROM (SELECT 1) one
  CROSS JOIN (SELECT count(*) FROM stored) put
  LEFT JOIN LATERAL (SELECT l.demand, l.gain_m2, ll.lon, ll.lat FROM listed l JOIN lonlat ll ON ll.cx = l.cx AND ll.cy = l.cy
                     ORDER BY l.demand DESC, l.gain_m2 DESC, l.cx, l.cy) t ON true;
END $$;

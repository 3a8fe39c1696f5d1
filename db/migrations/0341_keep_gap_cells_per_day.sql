-- Why: a bike-coverage request with a reporting window (the wall's "this year", a campaign's span)
-- still counted its uncovered issues from the issues after every change: each bike-parking issue of
-- the window re-read and tested against the coverage, 13–23 ms on the server and 25–42 ms on PGlite
-- at 10⁵ issues, 0.2–0.3× the naive areas-only peer (docs/performance.md, "Bike coverage with a
-- window"). The gap cells of migration 0310 are now also kept as running sums over UTC days:
-- bike_gap_days holds, per cell and per day on which its uncovered issues changed, the count and
-- coordinate sums of the cell's uncovered issues reported up to and including that day. A window's
-- whole days are then the difference of two rows per cell (the last row before its end and the last
-- before its start); only the issues of its partial first and last day are still read and tested.
-- The rows are patched wherever the cells are: a bike-parking write in a gap adds its signed
-- change to every row of its cell from its day on (a new report, of today, touches one row), a
-- zone change moves the re-tested issues likewise, and a new stored radius builds them from scratch.
-- Coordinate sums are numeric, like the cells', so a difference of two sums is exactly the sum a
-- fresh count of the window gives. A window usually ends now, after every day a cell changed on, and
-- then its sums at the end are the cell's own: each cell keeps the day of its last running sum
-- (last_day), and the read looks the end up only for a cell whose last day is not before it. A
-- removed issue leaves its row (then equal to the row before it), so the last day is never earlier
-- than any row's.

-- Derived rows written while reading (built with a new stored radius): not watched, like bike_gap_cells (0333, 0336).
CREATE OR REPLACE FUNCTION watch_data_tables() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  n integer := 0;
BEGIN
  FOR t IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = current_schema()
      AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      -- Bookkeeping no cached answer reads (sign-in, limits, audit, token use, migrations),
      -- and caches written while reading (bike coverage, a campaign's 顽疾, derived from watched tables).
      AND c.relname NOT IN ('schema_migrations', 'sessions', 'login_attempts', 'audit_log', 'api_tokens',
                            'idempotency_keys', 'bike_coverage', 'bike_coverage_grids', 'bike_coverage_sites',
                            'bike_gap_cells', 'bike_gap_days', 'campaign_recurring', 'spatial_ref_sys')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'data_changed')
  LOOP
    EXECUTE format(
      'CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION notify_data_change()',
      t.relname);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;

ALTER TABLE bike_gap_cells ADD COLUMN last_day date;  -- the day of the cell's last bike_gap_days row

CREATE TABLE bike_gap_days (
  street_id  integer NOT NULL,
  radius_m   integer NOT NULL,
  cx         integer NOT NULL,      -- the cell, as in bike_gap_cells
  cy         integer NOT NULL,
  day        date NOT NULL,         -- a UTC day on which the cell's uncovered issues changed
  n          integer NOT NULL,      -- uncovered issues of the cell reported up to the end of that day
  sx         numeric NOT NULL,      -- the sum of their x_m
  sy         numeric NOT NULL,      -- the sum of their y_m
  PRIMARY KEY (street_id, radius_m, cx, cy, day) INCLUDE (n, sx, sy),
  FOREIGN KEY (street_id, radius_m) REFERENCES bike_coverage (street_id, radius_m) ON DELETE CASCADE
);

-- Adds signed changes per (street, radius, cell, day) to the running sums: a missing (cell, day) row
-- first takes the cell's sums of the last day before it (zero if none), then every row of the cell
-- from the change's day on gains the change; a row of a later day moves the cell's last day. The
-- caller holds the street's coverage rows (0335), so two patches of a street never interleave.
CREATE FUNCTION bike_gap_days_add(p_street integer[], p_radius integer[], p_cx integer[], p_cy integer[], p_day date[],
                                  p_n integer[], p_sx numeric[], p_sy numeric[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_street IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO bike_gap_days (street_id, radius_m, cx, cy, day, n, sx, sy)
  SELECT DISTINCT ON (d.street_id, d.radius_m, d.cx, d.cy, d.day)
         d.street_id, d.radius_m, d.cx, d.cy, d.day, coalesce(p.n, 0), coalesce(p.sx, 0), coalesce(p.sy, 0)
  FROM unnest(p_street, p_radius, p_cx, p_cy, p_day) AS d(street_id, radius_m, cx, cy, day)
  LEFT JOIN LATERAL (
    SELECT b.n, b.sx, b.sy FROM bike_gap_days b
    WHERE b.street_id = d.street_id AND b.radius_m = d.radius_m AND b.cx = d.cx AND b.cy = d.cy AND b.day < d.day
    ORDER BY b.day DESC LIMIT 1) p ON true
  ORDER BY d.street_id, d.radius_m, d.cx, d.cy, d.day
  ON CONFLICT (street_id, radius_m, cx, cy, day) DO NOTHING;
  -- A row of a day after the cell's last one: that day is the cell's last now. The caller has
  -- written the cells (a report of the cell's last day, the common case, moves nothing here).
  UPDATE bike_gap_cells g SET last_day = x.day
  FROM (SELECT street_id, radius_m, cx, cy, max(day) AS day
        FROM unnest(p_street, p_radius, p_cx, p_cy, p_day) AS d(street_id, radius_m, cx, cy, day)
        GROUP BY 1, 2, 3, 4) x
  WHERE g.street_id = x.street_id AND g.radius_m = x.radius_m AND g.cx = x.cx AND g.cy = x.cy
    AND (g.last_day IS NULL OR g.last_day < x.day);
  UPDATE bike_gap_days g SET n = g.n + a.n, sx = g.sx + a.sx, sy = g.sy + a.sy
  FROM (SELECT b.street_id, b.radius_m, b.cx, b.cy, b.day, sum(d.n)::int AS n, sum(d.sx) AS sx, sum(d.sy) AS sy
        FROM unnest(p_street, p_radius, p_cx, p_cy, p_day, p_n, p_sx, p_sy) AS d(street_id, radius_m, cx, cy, day, n, sx, sy)
        JOIN bike_gap_days b
          ON b.street_id = d.street_id AND b.radius_m = d.radius_m AND b.cx = d.cx AND b.cy = d.cy AND b.day >= d.day
        GROUP BY 1, 2, 3, 4, 5) a
  WHERE g.street_id = a.street_id AND g.radius_m = a.radius_m AND g.cx = a.cx AND g.cy = a.cy AND g.day = a.day;
END $$;

-- Migration 0310's rebuild of one radius's cells (all of them when p_box is NULL, otherwise those
-- meeting the box), now with their running sums and last days: the uncovered issues are read and
-- tested once.
CREATE OR REPLACE FUNCTION bike_gap_cells_rebuild(p_street integer, p_radius integer, p_box geometry)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s float8 := p_radius::float8 / 2;
  cov geometry;
  x0 integer; x1 integer; y0 integer; y1 integer;
BEGIN
  -- Read once: every point below is tested against the same (prepared) geometry.
  SELECT ST_Force2D(geom) INTO cov FROM bike_coverage WHERE street_id = p_street AND radius_m = p_radius;
  IF cov IS NULL THEN
    RETURN;
  END IF;
  IF p_box IS NULL THEN
    x0 := -2147483648; x1 := 2147483647; y0 := -2147483648; y1 := 2147483647;
  ELSE
    x0 := floor(ST_XMin(p_box) / s); x1 := floor(ST_XMax(p_box) / s);
    y0 := floor(ST_YMin(p_box) / s); y1 := floor(ST_YMax(p_box) / s);
  END IF;
  DELETE FROM bike_gap_cells
  WHERE street_id = p_street AND radius_m = p_radius AND cx BETWEEN x0 AND x1 AND cy BETWEEN y0 AND y1;
  DELETE FROM bike_gap_days
  WHERE street_id = p_street AND radius_m = p_radius AND cx BETWEEN x0 AND x1 AND cy BETWEEN y0 AND y1;
  WITH d AS MATERIALIZED (
    SELECT c.cx, c.cy, c.day, count(*)::int AS n, sum(c.x_m::numeric) AS sx, sum(c.y_m::numeric) AS sy
    FROM (SELECT i.x_m, i.y_m, floor(i.x_m / s)::int AS cx, floor(i.y_m / s)::int AS cy,
                 (i.reported_at AT TIME ZONE 'UTC')::date AS day
          FROM issues i
          WHERE i.category_code = 'bike_parking'
            AND (p_box IS NULL OR ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547)
                                  && ST_MakeEnvelope(x0 * s - 1, y0 * s - 1, (x1 + 1) * s + 1, (y1 + 1) * s + 1, 4547))
            AND i.street_id = p_street
            AND NOT ST_Intersects(cov, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))) c
    WHERE c.cx BETWEEN x0 AND x1 AND c.cy BETWEEN y0 AND y1
    GROUP BY 1, 2, 3
  ), cells AS (
    INSERT INTO bike_gap_cells (street_id, radius_m, cx, cy, n, sx, sy, last_day)
    SELECT p_street, p_radius, cx, cy, sum(n)::int, sum(sx), sum(sy), max(day) FROM d GROUP BY cx, cy
  )
  INSERT INTO bike_gap_days (street_id, radius_m, cx, cy, day, n, sx, sy)
  SELECT p_street, p_radius, cx, cy, day, (sum(n) OVER w)::int, sum(sx) OVER w, sum(sy) OVER w
  FROM d
  WINDOW w AS (PARTITION BY cx, cy ORDER BY day);
END $$;

-- Migration 0335's patch of one written statement's bike-parking rows, now also by day: the old
-- four-argument function is replaced by one that takes each row's reporting time.
DROP FUNCTION bike_gap_cells_apply(integer[], float8[], float8[], integer[]);

CREATE FUNCTION bike_gap_cells_apply(p_street integer[], p_x float8[], p_y float8[], p_sign integer[], p_at timestamptz[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  h record;
BEGIN
  IF p_street IS NULL THEN
    RETURN;
  END IF;
  -- The streets' coverage rows first, as bike_coverage_patch takes them (0335).
  PERFORM 1 FROM bike_coverage WHERE street_id = ANY (p_street) ORDER BY street_id, radius_m FOR NO KEY UPDATE;
  -- The signed rows outside each stored radius's coverage, per cell and day, tested once.
  SELECT array_agg(street_id) AS street, array_agg(radius_m) AS radius, array_agg(cx) AS cx, array_agg(cy) AS cy,
         array_agg(day) AS day, array_agg(n) AS n, array_agg(sx) AS sx, array_agg(sy) AS sy
  INTO h
  FROM (SELECT c.street_id, c.radius_m, floor(d.x_m / (c.radius_m::float8 / 2))::int AS cx,
               floor(d.y_m / (c.radius_m::float8 / 2))::int AS cy, (d.at AT TIME ZONE 'UTC')::date AS day,
               sum(d.sign)::int AS n, sum(d.sign * d.x_m::numeric) AS sx, sum(d.sign * d.y_m::numeric) AS sy
        FROM unnest(p_street, p_x, p_y, p_sign, p_at) AS d(street_id, x_m, y_m, sign, at)
        JOIN bike_coverage c ON c.street_id = d.street_id
        WHERE NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(d.x_m, d.y_m), 4547))
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 2, 3, 4, 5) x;
  IF h.street IS NULL THEN
    RETURN;
  END IF;
  UPDATE bike_coverage c SET version = c.version + 1
  WHERE (c.street_id, c.radius_m) IN (SELECT * FROM unnest(h.street, h.radius));
  INSERT INTO bike_gap_cells AS g (street_id, radius_m, cx, cy, n, sx, sy)
  SELECT street_id, radius_m, cx, cy, sum(n)::int, sum(sx), sum(sy)
  FROM unnest(h.street, h.radius, h.cx, h.cy, h.n, h.sx, h.sy) AS d(street_id, radius_m, cx, cy, n, sx, sy)
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (street_id, radius_m, cx, cy) DO UPDATE
  SET n = g.n + EXCLUDED.n, sx = g.sx + EXCLUDED.sx, sy = g.sy + EXCLUDED.sy, gain_m2 = NULL, gen = g.gen + 1;
  PERFORM bike_gap_days_add(h.street, h.radius, h.cx, h.cy, h.day, h.n, h.sx, h.sy);
END $$;

-- Migration 0310's three issue triggers, now passing each row's reporting time.
CREATE OR REPLACE FUNCTION bike_coverage_issues_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_apply(array_agg(n.street_id), array_agg(n.x_m), array_agg(n.y_m), array_agg(1), array_agg(n.reported_at))
  FROM new_rows n WHERE n.category_code = 'bike_parking';
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION bike_coverage_issues_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_apply(array_agg(o.street_id), array_agg(o.x_m), array_agg(o.y_m), array_agg(-1), array_agg(o.reported_at))
  FROM old_rows o WHERE o.category_code = 'bike_parking';
  RETURN NULL;
END $$;

-- A change of reporting time alone now moves the issue between days (its cell stays as it was).
CREATE OR REPLACE FUNCTION bike_coverage_issues_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_apply(array_agg(m.street_id), array_agg(m.x_m), array_agg(m.y_m), array_agg(m.sign), array_agg(m.at))
  FROM (
    SELECT side.street_id, side.x_m, side.y_m, side.sign, side.at
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES (o.street_id, o.x_m, o.y_m, -1, o.category_code, o.reported_at),
                               (n.street_id, n.x_m, n.y_m, 1, n.category_code, n.reported_at))
      AS side(street_id, x_m, y_m, sign, category_code, at)
    WHERE (n.category_code = 'bike_parking' OR o.category_code = 'bike_parking')
      AND (n.geom IS DISTINCT FROM o.geom OR n.category_code IS DISTINCT FROM o.category_code
           OR n.reported_at IS DISTINCT FROM o.reported_at OR n.street_id IS DISTINCT FROM o.street_id)
      AND side.category_code = 'bike_parking'
  ) m;
  RETURN NULL;
END $$;

-- Migration 0334's re-test after a zone change, now moving the issues whose status changed in their
-- days' running sums too (otherwise as 0334 wrote it).
CREATE OR REPLACE FUNCTION bike_gap_cells_diff(p_street integer, p_radius integer, p_before geometry, p_box geometry)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s float8 := p_radius::float8 / 2;
  after geometry;
  changed geometry;
  h record;
BEGIN
  SELECT ST_Force2D(geom) INTO after FROM bike_coverage WHERE street_id = p_street AND radius_m = p_radius;
  IF after IS NULL OR p_before IS NULL THEN
    RETURN;
  END IF;
  changed := ST_SymDifference(ST_Intersection(p_before, p_box, 0.001), ST_Intersection(after, p_box, 0.001), 0.001);
  IF changed IS NULL OR ST_IsEmpty(changed) THEN
    RETURN;
  END IF;
  -- A site's gain depends on the coverage within the radius of it: forget the gains of the cells in
  -- range and move their gen (0334).
  UPDATE bike_gap_cells SET gain_m2 = NULL, gen = gen + 1
  WHERE street_id = p_street AND radius_m = p_radius
    AND cx BETWEEN floor((ST_XMin(p_box) - 1.5 * p_radius) / s) AND floor((ST_XMax(p_box) + 1.5 * p_radius) / s)
    AND cy BETWEEN floor((ST_YMin(p_box) - 1.5 * p_radius) / s) AND floor((ST_YMax(p_box) + 1.5 * p_radius) / s);
  SELECT array_agg(p_street) AS street, array_agg(p_radius) AS radius, array_agg(cx) AS cx, array_agg(cy) AS cy,
         array_agg(day) AS day, array_agg(n) AS n, array_agg(sx) AS sx, array_agg(sy) AS sy
  INTO h
  FROM (SELECT floor(d.x_m / s)::int AS cx, floor(d.y_m / s)::int AS cy, (d.reported_at AT TIME ZONE 'UTC')::date AS day,
               sum(d.sign)::int AS n, sum(d.sign * d.x_m::numeric) AS sx, sum(d.sign * d.y_m::numeric) AS sy
        FROM (SELECT u.x_m, u.y_m, u.reported_at,
                     (NOT ST_Intersects(after, ST_SetSRID(ST_MakePoint(u.x_m, u.y_m), 4547)))::int
                       - (NOT ST_Intersects(p_before, ST_SetSRID(ST_MakePoint(u.x_m, u.y_m), 4547)))::int AS sign
              FROM (SELECT DISTINCT ON (j.id) j.x_m, j.y_m, j.reported_at
                    FROM (SELECT ST_Subdivide(changed, 16) AS piece) pc
                    CROSS JOIN LATERAL (
                      SELECT i.id, i.x_m, i.y_m, i.reported_at FROM issues i
                      WHERE i.category_code = 'bike_parking'
                        AND ST_DWithin(ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547), pc.piece, 0.01)
                        AND i.street_id = p_street) j
                    ORDER BY j.id) u) d
        WHERE d.sign <> 0
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3) x;
  IF h.street IS NULL THEN
    RETURN;
  END IF;
  INSERT INTO bike_gap_cells AS g (street_id, radius_m, cx, cy, n, sx, sy)
  SELECT p_street, p_radius, cx, cy, sum(n)::int, sum(sx), sum(sy)
  FROM unnest(h.cx, h.cy, h.n, h.sx, h.sy) AS d(cx, cy, n, sx, sy)
  GROUP BY 3, 4
  ORDER BY 3, 4
  ON CONFLICT (street_id, radius_m, cx, cy) DO UPDATE
  SET n = g.n + EXCLUDED.n, sx = g.sx + EXCLUDED.sx, sy = g.sy + EXCLUDED.sy, gain_m2 = NULL, gen = g.gen + 1;
  PERFORM bike_gap_days_add(h.street, h.radius, h.cx, h.cy, h.day, h.n, h.sx, h.sy);
END $$;

-- The radii stored before this migration: cells and running sums from scratch.
SELECT bike_gap_cells_rebuild(street_id, radius_m, NULL) FROM bike_coverage;

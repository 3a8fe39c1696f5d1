-- Why: a windowed bike-coverage read looked up two running sums per gap cell (migration 0341): the
-- one before the window's end and the one before its start, ~1.7 µs each on the server and several
-- on PGlite, 779 cells at r=100 and 10⁵ issues. A window usually ends now, after every day a cell's
-- uncovered issues changed on, and then the sums before its end are the cell's own. bike_gap_cells
-- now keeps the last day of the cell's running sums, set wherever a row of a later day is written,
-- and the read looks the end up only for a cell whose last day is not before the window's end.
-- A removed issue leaves its row (now equal to the row before it), so the last day is the last row's
-- day, never earlier: "before the end" stays true of every row.

ALTER TABLE bike_gap_cells ADD COLUMN last_day date;  -- the day of the cell's last bike_gap_days row

-- Migration 0341's patch of the running sums, now also moving the cells' last day.
CREATE OR REPLACE FUNCTION bike_gap_days_add(p_street integer[], p_radius integer[], p_cx integer[], p_cy integer[], p_day date[],
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

-- Migration 0341's rebuild, now also setting each cell's last day.
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

UPDATE bike_gap_cells g SET last_day = d.day
FROM (SELECT street_id, radius_m, cx, cy, max(day) AS day FROM bike_gap_days GROUP BY 1, 2, 3, 4) d
WHERE g.street_id = d.street_id AND g.radius_m = d.radius_m AND g.cx = d.cx AND g.cy = d.cy;

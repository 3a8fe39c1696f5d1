-- Why: the planning page asks for the bike coverage with its geometry (`geometry=true`), and the
-- map's uncovered points were found by testing every bike-parking issue of the window against the
-- cached union of buffers: 38 ms (r=300) and 106 ms (r=100) on the server at 10⁵ issues for a year,
-- growing with the issues (docs/performance.md, "Uncovered points kept per issue"). The gap cells (0310) and their
-- running sums (0341) already know which issues are uncovered when they change, but keep only
-- counts. bike_gap_issues now keeps the uncovered bike-parking issues themselves, per stored
-- radius: their id, cell, reporting time and position. It is patched wherever the cells are (the
-- issue triggers, the zone patch's re-test and the rebuild), from the same point-in-polygon tests,
-- and the map's points are read from it by id, with no test at all.

CREATE TABLE bike_gap_issues (
  street_id   integer NOT NULL,
  radius_m    integer NOT NULL,
  issue_id    bigint NOT NULL,
  cx          integer NOT NULL,      -- its cell, as in bike_gap_cells
  cy          integer NOT NULL,
  reported_at timestamptz NOT NULL,
  geom        geometry(Point, 4326) NOT NULL,
  PRIMARY KEY (street_id, radius_m, issue_id),
  FOREIGN KEY (street_id, radius_m) REFERENCES bike_coverage (street_id, radius_m) ON DELETE CASCADE
);

INSERT INTO unwatched_tables (relname, why)
VALUES ('bike_gap_issues', 'built with a new stored radius, while reading, like bike_gap_days (0343)');

-- Migration 0341's rebuild, now also of the radius's uncovered issues: each issue is still read and
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
  DELETE FROM bike_gap_issues
  WHERE street_id = p_street AND radius_m = p_radius AND cx BETWEEN x0 AND x1 AND cy BETWEEN y0 AND y1;
  WITH u AS MATERIALIZED (
    SELECT c.id, c.geom, c.reported_at, c.x_m, c.y_m, c.cx, c.cy
    FROM (SELECT i.id, i.geom, i.reported_at, i.x_m, i.y_m, floor(i.x_m / s)::int AS cx, floor(i.y_m / s)::int AS cy
          FROM issues i
          WHERE i.category_code = 'bike_parking'
            AND (p_box IS NULL OR ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547)
                                  && ST_MakeEnvelope(x0 * s - 1, y0 * s - 1, (x1 + 1) * s + 1, (y1 + 1) * s + 1, 4547))
            AND i.street_id = p_street
            AND NOT ST_Intersects(cov, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))) c
    WHERE c.cx BETWEEN x0 AND x1 AND c.cy BETWEEN y0 AND y1
  ), listed AS (
    INSERT INTO bike_gap_issues (street_id, radius_m, issue_id, cx, cy, reported_at, geom)
    SELECT p_street, p_radius, id, cx, cy, reported_at, geom FROM u
  ), d AS MATERIALIZED (
    SELECT cx, cy, (reported_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n, sum(x_m::numeric) AS sx, sum(y_m::numeric) AS sy
    FROM u
    GROUP BY 1, 2, 3
  ), cells AS (
    INSERT INTO bike_gap_cells (street_id, radius_m, cx, cy, n, sx, sy, last_day)
    SELECT p_street, p_radius, cx, cy, sum(n)::int, sum(sx), sum(sy), max(day) FROM d GROUP BY cx, cy
  )
  INSERT INTO bike_gap_days (street_id, radius_m, cx, cy, day, n, sx, sy)
  SELECT p_street, p_radius, cx, cy, day, (sum(n) OVER w)::int, sum(sx) OVER w, sum(sy) OVER w
  FROM d
  WINDOW w AS (PARTITION BY cx, cy ORDER BY day);
  -- The patches below find an issue's row by its key from arrays. Without column statistics the
  -- planner takes (street, radius) for selective and scans all of a radius's rows for them (41 ms
  -- for 83,000 rows at 10⁶ issues, against 0.5 ms by the key); PGlite has no autovacuum to gather
  -- them. ~100 ms at 10⁶, beside a build of 0.6–1.5 s.
  ANALYZE bike_gap_issues;
END $$;

-- Migration 0341's patch of one written statement's bike-parking rows, now given each row's issue
-- id and position too: the old five-argument function is replaced by one that keeps the uncovered
-- issues. An issue whose old side only was uncovered loses its row.
DROP FUNCTION bike_gap_cells_apply(integer[], float8[], float8[], integer[], timestamptz[]);

CREATE FUNCTION bike_gap_cells_apply(p_street integer[], p_id bigint[], p_x float8[], p_y float8[], p_sign integer[],
                                     p_at timestamptz[], p_geom geometry[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  u record;
  h record;
BEGIN
  IF p_street IS NULL THEN
    RETURN;
  END IF;
  -- The streets' coverage rows first, as bike_coverage_patch takes them (0335).
  PERFORM 1 FROM bike_coverage WHERE street_id = ANY (p_street) ORDER BY street_id, radius_m FOR NO KEY UPDATE;
  -- The signed rows outside each stored radius's coverage, tested once (a write inside every
  -- coverage, the common case, ends here).
  SELECT array_agg(c.street_id) AS street, array_agg(c.radius_m) AS radius, array_agg(d.id) AS id,
         array_agg(d.x_m) AS x, array_agg(d.y_m) AS y, array_agg(d.sign) AS sign, array_agg(d.at) AS at, array_agg(d.geom) AS geom
  INTO u
  FROM unnest(p_street, p_id, p_x, p_y, p_sign, p_at, p_geom) AS d(street_id, id, x_m, y_m, sign, at, geom)
  JOIN bike_coverage c ON c.street_id = d.street_id
  WHERE NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(d.x_m, d.y_m), 4547));
  IF u.street IS NULL THEN
    RETURN;
  END IF;
  -- The issues' rows: the old sides' go, then the new sides' come, so an issue written on both
  -- sides of an update (moved, re-dated) ends with its new side's row. Probed through the key by
  -- arrays: a join was planned as a hash of every row of the radius (83,000 at 10⁶ issues, 21 ms);
  -- with statistics (see the rebuild) the key is used whole. The arrays bound the rows; the EXISTS
  -- keeps exactly the old sides' keys.
  IF -1 = ANY (u.sign) THEN
    DELETE FROM bike_gap_issues g
    WHERE g.street_id = ANY (u.street) AND g.radius_m = ANY (u.radius) AND g.issue_id = ANY (u.id)
      AND EXISTS (SELECT 1 FROM unnest(u.street, u.radius, u.id, u.sign) AS o(street_id, radius_m, id, sign)
                  WHERE o.sign < 0 AND (o.street_id, o.radius_m, o.id) = (g.street_id, g.radius_m, g.issue_id));
  END IF;
  IF 1 = ANY (u.sign) THEN
    INSERT INTO bike_gap_issues AS g (street_id, radius_m, issue_id, cx, cy, reported_at, geom)
    SELECT DISTINCT ON (street_id, radius_m, id)
           street_id, radius_m, id, floor(x_m / (radius_m::float8 / 2))::int, floor(y_m / (radius_m::float8 / 2))::int, at, geom
    FROM unnest(u.street, u.radius, u.id, u.x, u.y, u.sign, u.at, u.geom) AS t(street_id, radius_m, id, x_m, y_m, sign, at, geom)
    WHERE sign > 0
    ORDER BY street_id, radius_m, id
    ON CONFLICT (street_id, radius_m, issue_id) DO UPDATE
    SET cx = EXCLUDED.cx, cy = EXCLUDED.cy, reported_at = EXCLUDED.reported_at, geom = EXCLUDED.geom;
  END IF;
  -- The sums per cell and day.
  SELECT array_agg(street_id) AS street, array_agg(radius_m) AS radius, array_agg(cx) AS cx, array_agg(cy) AS cy,
         array_agg(day) AS day, array_agg(n) AS n, array_agg(sx) AS sx, array_agg(sy) AS sy
  INTO h
  FROM (SELECT street_id, radius_m, floor(x_m / (radius_m::float8 / 2))::int AS cx, floor(y_m / (radius_m::float8 / 2))::int AS cy,
               (at AT TIME ZONE 'UTC')::date AS day,
               sum(sign)::int AS n, sum(sign * x_m::numeric) AS sx, sum(sign * y_m::numeric) AS sy
        FROM unnest(u.street, u.radius, u.x, u.y, u.sign, u.at) AS t(street_id, radius_m, x_m, y_m, sign, at)
        GROUP BY 1, 2, 3, 4, 5
        ORDER BY 1, 2, 3, 4, 5) x;
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

-- Migration 0341's three issue triggers, now passing each row's id and position.
CREATE OR REPLACE FUNCTION bike_coverage_issues_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_apply(array_agg(n.street_id), array_agg(n.id), array_agg(n.x_m), array_agg(n.y_m), array_agg(1),
                               array_agg(n.reported_at), array_agg(n.geom))
  FROM new_rows n WHERE n.category_code = 'bike_parking';
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION bike_coverage_issues_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_apply(array_agg(o.street_id), array_agg(o.id), array_agg(o.x_m), array_agg(o.y_m), array_agg(-1),
                               array_agg(o.reported_at), array_agg(o.geom))
  FROM old_rows o WHERE o.category_code = 'bike_parking';
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION bike_coverage_issues_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_apply(array_agg(m.street_id), array_agg(m.id), array_agg(m.x_m), array_agg(m.y_m), array_agg(m.sign),
                               array_agg(m.at), array_agg(m.geom))
  FROM (
    SELECT side.street_id, n.id, side.x_m, side.y_m, side.sign, side.at, side.geom
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES (o.street_id, o.x_m, o.y_m, -1, o.category_code, o.reported_at, o.geom),
                               (n.street_id, n.x_m, n.y_m, 1, n.category_code, n.reported_at, n.geom))
      AS side(street_id, x_m, y_m, sign, category_code, at, geom)
    WHERE (n.category_code = 'bike_parking' OR o.category_code = 'bike_parking')
      AND (n.geom IS DISTINCT FROM o.geom OR n.category_code IS DISTINCT FROM o.category_code
           OR n.reported_at IS DISTINCT FROM o.reported_at OR n.street_id IS DISTINCT FROM o.street_id)
      AND side.category_code = 'bike_parking'
  ) m;
  RETURN NULL;
END $$;

-- Migration 0341's re-test after a zone change, now also adding and removing the issues whose
-- status changed (otherwise as 0341 wrote it).
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
  WITH u AS MATERIALIZED (
    SELECT v.id, v.geom, v.reported_at, v.x_m, v.y_m, floor(v.x_m / s)::int AS cx, floor(v.y_m / s)::int AS cy, v.sign
    FROM (SELECT j.id, j.geom, j.reported_at, j.x_m, j.y_m,
                 (NOT ST_Intersects(after, ST_SetSRID(ST_MakePoint(j.x_m, j.y_m), 4547)))::int
                   - (NOT ST_Intersects(p_before, ST_SetSRID(ST_MakePoint(j.x_m, j.y_m), 4547)))::int AS sign
          FROM (SELECT DISTINCT ON (k.id) k.id, k.geom, k.reported_at, k.x_m, k.y_m
                FROM (SELECT ST_Subdivide(changed, 16) AS piece) pc
                CROSS JOIN LATERAL (
                  SELECT i.id, i.geom, i.reported_at, i.x_m, i.y_m FROM issues i
                  WHERE i.category_code = 'bike_parking'
                    AND ST_DWithin(ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547), pc.piece, 0.01)
                    AND i.street_id = p_street) k
                ORDER BY k.id) j) v
    WHERE v.sign <> 0
  ), gone AS (
    -- Probed through the key (see bike_gap_cells_apply).
    DELETE FROM bike_gap_issues g
    WHERE g.street_id = p_street AND g.radius_m = p_radius AND g.issue_id = ANY (ARRAY(SELECT id FROM u WHERE sign < 0))
  ), listed AS (
    INSERT INTO bike_gap_issues AS g (street_id, radius_m, issue_id, cx, cy, reported_at, geom)
    SELECT p_street, p_radius, id, cx, cy, reported_at, geom FROM u WHERE sign > 0
    ON CONFLICT (street_id, radius_m, issue_id) DO UPDATE
    SET cx = EXCLUDED.cx, cy = EXCLUDED.cy, reported_at = EXCLUDED.reported_at, geom = EXCLUDED.geom
  )
  SELECT array_agg(p_street) AS street, array_agg(p_radius) AS radius, array_agg(cx) AS cx, array_agg(cy) AS cy,
         array_agg(day) AS day, array_agg(n) AS n, array_agg(sx) AS sx, array_agg(sy) AS sy
  INTO h
  FROM (SELECT cx, cy, (reported_at AT TIME ZONE 'UTC')::date AS day,
               sum(sign)::int AS n, sum(sign * x_m::numeric) AS sx, sum(sign * y_m::numeric) AS sy
        FROM u
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

-- The radii stored before this migration: their uncovered issues, tested once each (the cells and
-- running sums already hold them).
INSERT INTO bike_gap_issues (street_id, radius_m, issue_id, cx, cy, reported_at, geom)
SELECT c.street_id, c.radius_m, i.id, floor(i.x_m / (c.radius_m::float8 / 2))::int, floor(i.y_m / (c.radius_m::float8 / 2))::int,
       i.reported_at, i.geom
FROM bike_coverage c
JOIN issues i ON i.street_id = c.street_id AND i.category_code = 'bike_parking'
WHERE NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547));

-- Statistics for the rows just written: the planner otherwise takes the new table for empty.
ANALYZE bike_gap_issues;

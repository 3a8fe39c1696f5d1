-- Why: after a bike-parking report in a gap (added, moved, deleted, re-categorised) the next
-- bike-coverage read re-read every bike-parking issue of the street, tested each against the
-- coverage and clustered the uncovered ones with DBSCAN: about 1 s at 10⁶ issues with the street's
-- 23 zones (docs/performance.md, "Bike coverage after a change"). DBSCAN cannot be kept exactly by
-- local patches (a point can join or split clusters far from it, and border points go to whichever
-- cluster reaches them first), so the suggested sites now follow a local rule (docs/api.md):
-- the uncovered issues are counted per square cell of side radius/2 (DBSCAN's eps) and a cell
-- holding at least 3 (DBSCAN's minpoints) is a site at the centroid of its issues; every issue of
-- the cell lies within radius/√2 of that centroid, so the site's buffer covers all of its demand.
-- The cells are stored here per (street, radius) and patched in the writing transaction:
--  * a bike-parking issue written adds or removes itself from its cell, for each stored radius
--    whose coverage does not contain its point (the same test as migration 0280's version bump,
--    which these functions still do, for the windowed answers of bike_coverage_sites);
--  * a zone change rebuilds the cells of the box its coverage patch can touch (the old and new
--    zone grown by the radius), after that patch (triggers fire in name order);
--  * a new stored radius builds its cells from scratch.
-- Coordinate sums are numeric so that adding and removing issues in any order gives exactly the
-- sum a fresh recomputation gives, and the centroid is the same double.

CREATE TABLE bike_gap_cells (
  street_id  integer NOT NULL,
  radius_m   integer NOT NULL,
  cx         integer NOT NULL,      -- floor(x_m / (radius_m / 2)), EPSG:4547
  cy         integer NOT NULL,      -- floor(y_m / (radius_m / 2))
  n          integer NOT NULL,      -- uncovered bike-parking issues in the cell (0 rows are left)
  sx         numeric NOT NULL,      -- sum of their x_m
  sy         numeric NOT NULL,      -- sum of their y_m
  PRIMARY KEY (street_id, radius_m, cx, cy),
  FOREIGN KEY (street_id, radius_m) REFERENCES bike_coverage (street_id, radius_m) ON DELETE CASCADE
);

-- The bike-parking issues of a box, for the zone patch (issues_bike_ix is ordered by time).
CREATE INDEX issues_bike_xy_gix ON issues USING gist (ST_SetSRID(ST_MakePoint(x_m, y_m), 4547))
  WHERE category_code = 'bike_parking';

-- Rebuilds the cells of one stored radius whose squares meet p_box (all cells when NULL) from the
-- bike-parking issues and the stored coverage.
CREATE FUNCTION bike_gap_cells_rebuild(p_street integer, p_radius integer, p_box geometry)
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
    DELETE FROM bike_gap_cells WHERE street_id = p_street AND radius_m = p_radius;
    INSERT INTO bike_gap_cells (street_id, radius_m, cx, cy, n, sx, sy)
    SELECT p_street, p_radius, floor(i.x_m / s)::int, floor(i.y_m / s)::int, count(*), sum(i.x_m::numeric), sum(i.y_m::numeric)
    FROM issues i
    WHERE i.street_id = p_street AND i.category_code = 'bike_parking'
      AND NOT ST_Intersects(cov, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))
    GROUP BY 3, 4;
    RETURN;
  END IF;
  x0 := floor(ST_XMin(p_box) / s); x1 := floor(ST_XMax(p_box) / s);
  y0 := floor(ST_YMin(p_box) / s); y1 := floor(ST_YMax(p_box) / s);
  DELETE FROM bike_gap_cells
  WHERE street_id = p_street AND radius_m = p_radius AND cx BETWEEN x0 AND x1 AND cy BETWEEN y0 AND y1;
  INSERT INTO bike_gap_cells (street_id, radius_m, cx, cy, n, sx, sy)
  SELECT p_street, p_radius, c.cx, c.cy, count(*), sum(c.x_m::numeric), sum(c.y_m::numeric)
  FROM (SELECT i.x_m, i.y_m, floor(i.x_m / s)::int AS cx, floor(i.y_m / s)::int AS cy
        FROM issues i
        WHERE i.category_code = 'bike_parking'
          AND ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547) && ST_MakeEnvelope(x0 * s - 1, y0 * s - 1, (x1 + 1) * s + 1, (y1 + 1) * s + 1, 4547)
          AND i.street_id = p_street
          AND NOT ST_Intersects(cov, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))) c
  WHERE c.cx BETWEEN x0 AND x1 AND c.cy BETWEEN y0 AND y1
  GROUP BY c.cx, c.cy;
END $$;

-- A new stored radius: its cells from scratch.
CREATE FUNCTION bike_gap_cells_build() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_rebuild(NEW.street_id, NEW.radius_m, NULL);
  RETURN NULL;
END $$;

CREATE TRIGGER bike_coverage_build_gap_cells AFTER INSERT ON bike_coverage
  FOR EACH ROW EXECUTE FUNCTION bike_gap_cells_build();

-- A zone changed: after bike_zones_patch_coverage (migrations 0020/0025) has patched every stored
-- radius, the coverage differs at most within the radius of the old and the new zone, so the cells
-- meeting that box are rebuilt.
CREATE FUNCTION bike_gap_cells_zone() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  street integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.street_id ELSE NEW.street_id END;
  changed geometry;
  c record;
BEGIN
  changed := ST_Envelope(ST_Collect(
    CASE WHEN TG_OP <> 'INSERT' THEN ST_Transform(OLD.geom, 4547) END,
    CASE WHEN TG_OP <> 'DELETE' THEN ST_Transform(NEW.geom, 4547) END));
  FOR c IN SELECT radius_m FROM bike_coverage WHERE street_id = street ORDER BY radius_m LOOP
    PERFORM bike_gap_cells_rebuild(street, c.radius_m, ST_Expand(changed, c.radius_m + 1));
  END LOOP;
  -- A zone moved to another street changed the old street's coverage too.
  IF TG_OP = 'UPDATE' AND OLD.street_id <> NEW.street_id THEN
    FOR c IN SELECT radius_m FROM bike_coverage WHERE street_id = OLD.street_id ORDER BY radius_m LOOP
      PERFORM bike_gap_cells_rebuild(OLD.street_id, c.radius_m, ST_Expand(changed, c.radius_m + 1));
    END LOOP;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER bike_zones_patch_gap_cells
  AFTER INSERT OR DELETE OR UPDATE OF geom, street_id ON bike_zones
  FOR EACH ROW EXECUTE FUNCTION bike_gap_cells_zone();

-- Adds the signed rows of one written statement to their cells, for every stored radius whose
-- coverage does not contain them, and bumps those radii's versions (migration 0280's rule, kept:
-- the windowed answers of bike_coverage_sites are still recomputed from the issues).
CREATE FUNCTION bike_gap_cells_apply(p_street integer[], p_x float8[], p_y float8[], p_sign integer[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_street IS NULL THEN
    RETURN;
  END IF;
  WITH hit AS MATERIALIZED (
    SELECT c.street_id, c.radius_m, d.x_m, d.y_m, d.sign
    FROM unnest(p_street, p_x, p_y, p_sign) AS d(street_id, x_m, y_m, sign)
    JOIN bike_coverage c ON c.street_id = d.street_id
    WHERE NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(d.x_m, d.y_m), 4547))
  ), bumped AS (
    UPDATE bike_coverage c SET version = c.version + 1
    WHERE (c.street_id, c.radius_m) IN (SELECT street_id, radius_m FROM hit)
  )
  INSERT INTO bike_gap_cells AS g (street_id, radius_m, cx, cy, n, sx, sy)
  SELECT street_id, radius_m, floor(x_m / (radius_m::float8 / 2))::int, floor(y_m / (radius_m::float8 / 2))::int,
         sum(sign), sum(sign * x_m::numeric), sum(sign * y_m::numeric)
  FROM hit
  GROUP BY 1, 2, 3, 4
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (street_id, radius_m, cx, cy) DO UPDATE
  SET n = g.n + EXCLUDED.n, sx = g.sx + EXCLUDED.sx, sy = g.sy + EXCLUDED.sy;
END $$;

-- Migration 0280's three issue triggers, now also patching the cells (one coverage test per row
-- and radius serves both).
CREATE OR REPLACE FUNCTION bike_coverage_issues_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_apply(array_agg(n.street_id), array_agg(n.x_m), array_agg(n.y_m), array_agg(1))
  FROM new_rows n WHERE n.category_code = 'bike_parking';
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION bike_coverage_issues_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_apply(array_agg(o.street_id), array_agg(o.x_m), array_agg(o.y_m), array_agg(-1))
  FROM old_rows o WHERE o.category_code = 'bike_parking';
  RETURN NULL;
END $$;

-- Updates matter only when they move a bike-parking issue in space, in time, out of the category or
-- of the street (status changes, the common case, never do): the old row leaves its cell and the
-- new one enters its own (a change of time only leaves the cell as it was, but still bumps the
-- version for the windowed answers).
CREATE OR REPLACE FUNCTION bike_coverage_issues_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bike_gap_cells_apply(array_agg(m.street_id), array_agg(m.x_m), array_agg(m.y_m), array_agg(m.sign))
  FROM (
    SELECT side.street_id, side.x_m, side.y_m, side.sign
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES (o.street_id, o.x_m, o.y_m, -1, o.category_code),
                               (n.street_id, n.x_m, n.y_m, 1, n.category_code)) AS side(street_id, x_m, y_m, sign, category_code)
    WHERE (n.category_code = 'bike_parking' OR o.category_code = 'bike_parking')
      AND (n.geom IS DISTINCT FROM o.geom OR n.category_code IS DISTINCT FROM o.category_code
           OR n.reported_at IS DISTINCT FROM o.reported_at OR n.street_id IS DISTINCT FROM o.street_id)
      AND side.category_code = 'bike_parking'
  ) m;
  RETURN NULL;
END $$;

-- The radii stored before this migration.
SELECT bike_gap_cells_rebuild(street_id, radius_m, NULL) FROM bike_coverage;

-- Why: after a change the bike-coverage read spent most of its ≈ 3 ms (10⁶ issues) scoring the ≈ 10
-- listed sites (each site's gain: its buffer in the street minus the coverage), which left it slower
-- than the naive areas-only peer with the street's 23 zones (docs/performance.md, "Bike coverage
-- after a change"). A site's gain depends only on its cell's issues (the site) and on the coverage
-- within the radius of it, so it is kept with the cell once computed (coverage-gaps.sql writes it
-- back) and forgotten when either changes: a write to the cell, or a coverage change whose box lies
-- within the radius of the cell. `gen` counts those changes; the read writes a gain back only if the
-- cell's gen is still the one it read (re-checked on the newest row by the UPDATE), so a gain
-- computed against a coverage that changed meanwhile is never kept.

ALTER TABLE bike_gap_cells ADD COLUMN gain_m2 double precision, ADD COLUMN gen bigint NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION bike_gap_cells_apply(p_street integer[], p_x float8[], p_y float8[], p_sign integer[])
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
  SET n = g.n + EXCLUDED.n, sx = g.sx + EXCLUDED.sx, sy = g.sy + EXCLUDED.sy, gain_m2 = NULL, gen = g.gen + 1;
END $$;

CREATE OR REPLACE FUNCTION bike_gap_cells_diff(p_street integer, p_radius integer, p_before geometry, p_box geometry)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  s float8 := p_radius::float8 / 2;
  after geometry;
  changed geometry;
BEGIN
  SELECT ST_Force2D(geom) INTO after FROM bike_coverage WHERE street_id = p_street AND radius_m = p_radius;
  IF after IS NULL OR p_before IS NULL THEN
    RETURN;
  END IF;
  changed := ST_SymDifference(ST_Intersection(p_before, p_box, 0.001), ST_Intersection(after, p_box, 0.001), 0.001);
  IF changed IS NULL OR ST_IsEmpty(changed) THEN
    RETURN;
  END IF;
  -- A site's gain depends on the coverage within the radius of it (the overlay reads the box of its
  -- buffer, up to radius·√2 away): forget the gains of the cells whose square lies within 1.5 ×
  -- the radius of the box the coverage changed in.
  UPDATE bike_gap_cells SET gain_m2 = NULL, gen = gen + 1
  WHERE street_id = p_street AND radius_m = p_radius AND gain_m2 IS NOT NULL
    AND cx BETWEEN floor((ST_XMin(p_box) - 1.5 * p_radius) / s) AND floor((ST_XMax(p_box) + 1.5 * p_radius) / s)
    AND cy BETWEEN floor((ST_YMin(p_box) - 1.5 * p_radius) / s) AND floor((ST_YMax(p_box) + 1.5 * p_radius) / s);
  INSERT INTO bike_gap_cells AS g (street_id, radius_m, cx, cy, n, sx, sy)
  SELECT p_street, p_radius, floor(d.x_m / s)::int, floor(d.y_m / s)::int, sum(d.sign), sum(d.sign * d.x_m::numeric), sum(d.sign * d.y_m::numeric)
  FROM (SELECT u.x_m, u.y_m,
               (NOT ST_Intersects(after, ST_SetSRID(ST_MakePoint(u.x_m, u.y_m), 4547)))::int
                 - (NOT ST_Intersects(p_before, ST_SetSRID(ST_MakePoint(u.x_m, u.y_m), 4547)))::int AS sign
        FROM (SELECT DISTINCT ON (j.id) j.x_m, j.y_m
              FROM (SELECT ST_Subdivide(changed, 16) AS piece) pc
              CROSS JOIN LATERAL (
                SELECT i.id, i.x_m, i.y_m FROM issues i
                WHERE i.category_code = 'bike_parking'
                  AND ST_DWithin(ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547), pc.piece, 0.01)
                  AND i.street_id = p_street) j
              ORDER BY j.id) u) d
  WHERE d.sign <> 0
  GROUP BY 3, 4
  ORDER BY 3, 4
  ON CONFLICT (street_id, radius_m, cx, cy) DO UPDATE
  SET n = g.n + EXCLUDED.n, sx = g.sx + EXCLUDED.sx, sy = g.sy + EXCLUDED.sy, gain_m2 = NULL, gen = g.gen + 1;
END $$;

-- Why: 0313 forgot kept site gains after a coverage change by moving `gen` only on cells that held
-- a gain. A reader that had read a cell with no gain yet, and computed one against the coverage of its
-- snapshot while a zone changed, passed its gen check and kept a gain of the old coverage. Every cell
-- in range now moves its gen (the rest of the function as 0313 wrote it).
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
  -- the radius of the box the coverage changed in, and move every such cell's gen, also of those
  -- holding no gain yet: a reader computing one against the old coverage then fails its gen check.
  UPDATE bike_gap_cells SET gain_m2 = NULL, gen = gen + 1
  WHERE street_id = p_street AND radius_m = p_radius
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

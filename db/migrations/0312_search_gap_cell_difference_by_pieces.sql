-- Why: migration 0311 found the issues to re-test after a zone change through the index with the
-- whole coverage difference as one search box; a moved zone's difference is a thin crescent round
-- a 600 m circle, whose box holds ~20,000 bike-parking issues at 10⁶ (zone move 14–38 ms instead of
-- 4–8 ms). The difference is now cut into pieces of at most 16 vertices (ST_Subdivide), each
-- searched with its own small box; an issue near two pieces is tested once.
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
  SET n = g.n + EXCLUDED.n, sx = g.sx + EXCLUDED.sx, sy = g.sy + EXCLUDED.sy;
END $$;

-- Why: a bike-parking report and a zone change committed side by side could leave a gap cell's count
-- wrong for good: the report tested its point against the coverage of its own snapshot (a covered
-- point takes no lock), and the zone patch re-tested the reports of its snapshot, so neither saw the
-- other. Both now lock the street's coverage rows first, in one order, and test afterwards. Two zone
-- changes of a street also run one after the other (the second reads the first's coverage as
-- "before"). Bike-parking reports of a street are serialised among themselves by it; gap reports
-- already were (0280's version bump). Both functions otherwise as 0311 and 0313 wrote them.
CREATE OR REPLACE FUNCTION bike_gap_cells_apply(p_street integer[], p_x float8[], p_y float8[], p_sign integer[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_street IS NULL THEN
    RETURN;
  END IF;
  -- The streets' coverage rows first (as bike_coverage_patch takes them): a zone change and a
  -- bike-parking report then run one after the other, and the coverage test below, a statement of
  -- its own, sees the coverage as committed by then. Otherwise a report tested against the coverage
  -- of its snapshot, and a zone patch re-testing the reports of its own, could each miss the other
  -- and leave a cell's count wrong for good.
  PERFORM 1 FROM bike_coverage WHERE street_id = ANY (p_street) ORDER BY street_id, radius_m FOR NO KEY UPDATE;
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

CREATE OR REPLACE FUNCTION bike_coverage_patch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  street integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.street_id ELSE NEW.street_id END;
  old_z geometry := CASE WHEN TG_OP <> 'INSERT' THEN ST_Transform(OLD.geom, 4547) END;
  new_z geometry := CASE WHEN TG_OP <> 'DELETE' THEN ST_Transform(NEW.geom, 4547) END;
  outline geometry;
  c record;
  z record;
  lost geometry;
  gained geometry;
  region geometry;
  steps integer;
  before geometry;
  box geometry;
BEGIN
  -- The street's coverage rows first, in the order bike_gap_cells_apply takes them: the coverage
  -- read below as "before" is then the committed one, and no report's cell patch runs beside it.
  PERFORM 1 FROM bike_coverage WHERE street_id = street ORDER BY street_id, radius_m FOR NO KEY UPDATE;
  SELECT ST_Transform(s.boundary, 4547) INTO outline FROM streets s WHERE s.id = street;
  FOR c IN SELECT radius_m FROM bike_coverage WHERE street_id = street LOOP
    -- The coverage before this change, and the box it can change in (the old and new zone grown
    -- by the radius), for the gap cells (migration 0311).
    SELECT ST_Force2D(b.geom) INTO before FROM bike_coverage b WHERE b.street_id = street AND b.radius_m = c.radius_m;
    box := ST_Expand(ST_Envelope(ST_Collect(old_z, new_z)), c.radius_m + 1);
    -- 1. The old zone's coverage: still covered by the current zones nearest to it?
    IF old_z IS NOT NULL THEN
      lost := ST_Intersection(ST_Buffer(old_z, c.radius_m, 8), outline, 0.001);
      steps := 0;
      FOR z IN SELECT b.geom FROM bike_zones b
               WHERE b.street_id = street AND ST_DWithin(ST_Transform(b.geom, 4547), old_z, 2 * c.radius_m)
               ORDER BY ST_Transform(b.geom, 4547) <-> old_z
               LIMIT 64 LOOP
        EXIT WHEN ST_IsEmpty(lost);
        lost := ST_Difference(lost, ST_Buffer(ST_Transform(z.geom, 4547), c.radius_m, 8), 0.001);
        steps := steps + 1;
      END LOOP;
      IF NOT ST_IsEmpty(lost) THEN
        -- Some area is lost: recompute the neighbourhood of both positions, as migration 0020 did.
        region := ST_Buffer(ST_ConvexHull(ST_Collect(old_z, new_z)), c.radius_m + 1, 8);
        UPDATE bike_coverage b
        SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(
                     ST_Difference(b.geom, region, 0.001),
                     ST_ReducePrecision(bike_coverage_within(street, c.radius_m, region), 0.001),
                     0.001)), 3)),
            version = b.version + 1,
            updated_at = now()
        WHERE b.street_id = street AND b.radius_m = c.radius_m;
        PERFORM bike_coverage_measure(street, c.radius_m, region);
        PERFORM bike_gap_cells_diff(street, c.radius_m, before, box);
        CONTINUE;
      END IF;
    END IF;
    -- 2. Nothing lost: add what the new zone covers beyond the coverage, and grow the grids by it.
    IF new_z IS NOT NULL THEN
      SELECT ST_CollectionExtract(ST_Difference(
               ST_Intersection(ST_Buffer(new_z, c.radius_m, 8), outline, 0.001), b.geom, 0.001), 3)
      INTO gained
      FROM bike_coverage b WHERE b.street_id = street AND b.radius_m = c.radius_m;
      IF gained IS NOT NULL AND NOT ST_IsEmpty(gained) AND ST_Area(gained) > 0 THEN
        UPDATE bike_coverage b
        SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(b.geom, gained, 0.001)), 3))
        WHERE b.street_id = street AND b.radius_m = c.radius_m;
        INSERT INTO bike_coverage_grids AS cg (street_id, radius_m, grid_code, covered_m2)
        SELECT g.street_id, c.radius_m, g.code, ST_Area(ST_Intersection(ST_Transform(g.geom, 4547), gained))
        FROM grids g
        WHERE g.street_id = street AND ST_Intersects(ST_Transform(g.geom, 4547), gained)
        ON CONFLICT (street_id, radius_m, grid_code) DO UPDATE SET covered_m2 = cg.covered_m2 + EXCLUDED.covered_m2;
        -- The coverage grew (otherwise it is the one the cells were counted against).
        PERFORM bike_gap_cells_diff(street, c.radius_m, before, box);
      END IF;
    END IF;
    UPDATE bike_coverage b SET version = b.version + 1, updated_at = now()
    WHERE b.street_id = street AND b.radius_m = c.radius_m;
  END LOOP;
  RETURN NULL;
END $$;

-- Why: migration 0310 rebuilt the gap cells of the whole box a zone change can touch (the zone grown
-- by the radius) after every zone change: at 10⁶ issues that box holds ~20,000 bike-parking issues
-- (the street is 1.1 × 3.2 km), each re-read and re-tested, 40 ms per radius and change (a zone
-- move cost 39–79 ms instead of 4–8 ms, and deleting the bench's 4,977 extra zones ran for minutes).
-- Only an issue in the symmetric difference of the coverage before and after the change can change
-- status, and after a move or a removal its neighbours still cover, that difference is a thin
-- crescent or nothing. So the zone patch (migration 0025's function, otherwise unchanged) now keeps
-- the coverage it started from and, per radius, re-tests only the bike-parking issues within 1 cm of
-- that difference against the old and the new coverage, moving those whose status changed in or
-- out of their cells. Both tests use the stored geometries themselves, so the cells stay exactly
-- "the issues not in the stored coverage"; the difference (snapped to 1 mm like every overlay here)
-- only chooses which issues to test, and the 1 cm margin covers its snapping.

DROP TRIGGER bike_zones_patch_gap_cells ON bike_zones;
DROP FUNCTION bike_gap_cells_zone();

-- Moves the bike-parking issues whose status changed between p_before and the stored coverage of
-- (p_street, p_radius) into or out of their cells; p_box bounds where the two may differ.
CREATE FUNCTION bike_gap_cells_diff(p_street integer, p_radius integer, p_before geometry, p_box geometry)
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
  FROM (SELECT i.x_m, i.y_m,
               (NOT ST_Intersects(after, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547)))::int
                 - (NOT ST_Intersects(p_before, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547)))::int AS sign
        FROM issues i
        WHERE i.category_code = 'bike_parking'
          AND ST_DWithin(ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547), changed, 0.01)
          AND i.street_id = p_street) d
  WHERE d.sign <> 0
  GROUP BY 3, 4
  ORDER BY 3, 4
  ON CONFLICT (street_id, radius_m, cx, cy) DO UPDATE
  SET n = g.n + EXCLUDED.n, sx = g.sx + EXCLUDED.sx, sy = g.sy + EXCLUDED.sy;
END $$;

-- Migration 0025's zone patch, now also patching the gap cells of every radius it patches.
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

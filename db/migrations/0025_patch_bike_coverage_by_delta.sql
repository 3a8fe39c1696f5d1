-- Why: at city density (thousands of zones, hundreds within reach of each other) a zone change
-- re-unioned every buffer near it, 55–80 ms per change. Most changes only add area or remove area
-- that other zones still cover, so the patch now works on the difference:
--  * what the old zone covered is first tested against the buffers of the zones nearest to it (a
--    KNN walk that stops as soon as nothing is left); only if some of it is no longer covered is the
--    neighbourhood re-unioned as before (migration 0020);
--  * what the new zone adds is its buffer minus the coverage, unioned in, and the grids' covered
--    areas grow by exactly that part (no re-measurement of whole grids).
-- The result is the same union: if the old buffer lies inside the other zones' buffers, removing it
-- changes nothing, and the added part is disjoint from the coverage it is added to. All overlay runs
-- on the 1 mm precision grid of migration 0020, now including the union of the buffers itself: zones
-- a few metres apart give nearly coincident buffer edges, on which the unsnapped union failed (on
-- PGlite without an error: the function returned no row).
CREATE OR REPLACE FUNCTION bike_coverage_within(p_street integer, p_radius integer, p_region geometry)
RETURNS geometry LANGUAGE sql STABLE AS $$
  SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Intersection(
           ST_Intersection(ST_Transform(s.boundary, 4547), coalesce(p_region, ST_Transform(s.boundary, 4547)), 0.001),
           coalesce((SELECT ST_UnaryUnion(ST_Collect(ST_Buffer(ST_Transform(z.geom, 4547), p_radius, 8)), 0.001)
                     FROM bike_zones z
                     WHERE z.street_id = p_street
                       AND (p_region IS NULL OR ST_DWithin(ST_Transform(z.geom, 4547), p_region, p_radius))),
                    'SRID=4547;POLYGON EMPTY'::geometry),
           0.001)), 3))
  FROM streets s WHERE s.id = p_street
$$;

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
BEGIN
  SELECT ST_Transform(s.boundary, 4547) INTO outline FROM streets s WHERE s.id = street;
  FOR c IN SELECT radius_m FROM bike_coverage WHERE street_id = street LOOP
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
      END IF;
    END IF;
    UPDATE bike_coverage b SET version = b.version + 1, updated_at = now()
    WHERE b.street_id = street AND b.radius_m = c.radius_m;
  END LOOP;
  RETURN NULL;
END $$;

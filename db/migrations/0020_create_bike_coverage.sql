-- Why: shared-bike coverage (the union of every zone's walking-radius buffer, clipped to the street)
-- is expensive to build from thousands of zones, so it is built once per (street, radius) on first
-- request and then patched locally, in the same transaction, whenever a zone is added, moved or
-- removed: only the neighbourhood of the changed zone is recomputed. Areas are in EPSG:4547
-- (CGCS2000 / 3-degree Gauss-Kruger CM 114E, metres), which covers Changsha.
CREATE INDEX bike_zones_geom_4547_gix ON bike_zones USING gist (ST_Transform(geom, 4547));

CREATE TABLE bike_coverage (
  street_id   integer NOT NULL REFERENCES streets (id),
  radius_m    integer NOT NULL CHECK (radius_m BETWEEN 10 AND 1000),
  geom        geometry(MultiPolygon, 4547) NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (street_id, radius_m)
);

-- Covered area per grid for each cached radius, patched with the coverage.
CREATE TABLE bike_coverage_grids (
  street_id   integer NOT NULL,
  radius_m    integer NOT NULL,
  grid_code   text NOT NULL,
  covered_m2  double precision NOT NULL,
  PRIMARY KEY (street_id, radius_m, grid_code),
  FOREIGN KEY (street_id, radius_m) REFERENCES bike_coverage (street_id, radius_m) ON DELETE CASCADE
);

-- The coverage of the street by the zones whose buffer reaches p_region (all zones when NULL),
-- clipped to the street and, when given, to p_region. Always a MultiPolygon (possibly empty).
CREATE FUNCTION bike_coverage_within(p_street integer, p_radius integer, p_region geometry)
RETURNS geometry LANGUAGE sql STABLE AS $$
  SELECT ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Intersection(
           ST_Intersection(ST_Transform(s.boundary, 4547), coalesce(p_region, ST_Transform(s.boundary, 4547))),
           coalesce((SELECT ST_Union(ST_Buffer(ST_Transform(z.geom, 4547), p_radius, 8))
                     FROM bike_zones z
                     WHERE z.street_id = p_street
                       AND (p_region IS NULL OR ST_DWithin(ST_Transform(z.geom, 4547), p_region, p_radius))),
                    'SRID=4547;POLYGON EMPTY'::geometry))), 3))
  FROM streets s WHERE s.id = p_street
$$;

-- Re-measures the grids touching p_region (all grids when NULL) for one cached radius.
CREATE FUNCTION bike_coverage_measure(p_street integer, p_radius integer, p_region geometry)
RETURNS void LANGUAGE sql AS $$
  INSERT INTO bike_coverage_grids (street_id, radius_m, grid_code, covered_m2)
  SELECT g.street_id, p_radius, g.code, ST_Area(ST_Intersection(ST_Transform(g.geom, 4547), c.geom))
  FROM grids g
  JOIN bike_coverage c ON c.street_id = g.street_id AND c.radius_m = p_radius
  WHERE g.street_id = p_street
    AND (p_region IS NULL OR ST_Intersects(ST_Transform(g.geom, 4547), p_region))
  ON CONFLICT (street_id, radius_m, grid_code) DO UPDATE SET covered_m2 = EXCLUDED.covered_m2
$$;

-- Builds the cache of one radius if it is missing (concurrent first requests: one wins).
CREATE FUNCTION bike_coverage_ensure(p_street integer, p_radius integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM bike_coverage WHERE street_id = p_street AND radius_m = p_radius) THEN
    RETURN;
  END IF;
  INSERT INTO bike_coverage (street_id, radius_m, geom)
  VALUES (p_street, p_radius, bike_coverage_within(p_street, p_radius, NULL))
  ON CONFLICT (street_id, radius_m) DO NOTHING;
  PERFORM bike_coverage_measure(p_street, p_radius, NULL);
END $$;

-- A zone changed: for every cached radius, replace the coverage inside the reach of the old and new
-- zone by a recomputation from the zones near it, and re-measure the grids it touches. The overlay
-- runs on a 1 mm precision grid: without it GEOS fails on the nearly coincident seams (PGlite then
-- even returns no row instead of an error).
CREATE FUNCTION bike_coverage_patch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  street integer := CASE WHEN TG_OP = 'DELETE' THEN OLD.street_id ELSE NEW.street_id END;
  changed geometry;
  c record;
  region geometry;
BEGIN
  changed := ST_Collect(
    CASE WHEN TG_OP <> 'INSERT' THEN ST_Transform(OLD.geom, 4547) END,
    CASE WHEN TG_OP <> 'DELETE' THEN ST_Transform(NEW.geom, 4547) END);
  FOR c IN SELECT radius_m FROM bike_coverage WHERE street_id = street LOOP
    region := ST_Buffer(ST_ConvexHull(changed), c.radius_m + 1, 8);
    UPDATE bike_coverage b
    SET geom = ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Union(
                 ST_Difference(b.geom, region, 0.001),
                 ST_ReducePrecision(bike_coverage_within(street, c.radius_m, region), 0.001),
                 0.001)), 3)),
        updated_at = now()
    WHERE b.street_id = street AND b.radius_m = c.radius_m;
    PERFORM bike_coverage_measure(street, c.radius_m, region);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER bike_zones_patch_coverage
  AFTER INSERT OR DELETE OR UPDATE OF geom, street_id ON bike_zones
  FOR EACH ROW EXECUTE FUNCTION bike_coverage_patch();

-- A grid's or the street's outline changed: drop the street's caches; the next request rebuilds them.
CREATE FUNCTION bike_coverage_drop_grid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM bike_coverage WHERE street_id = NEW.street_id;
  RETURN NULL;
END $$;

CREATE FUNCTION bike_coverage_drop_street() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM bike_coverage WHERE street_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER grids_drop_coverage AFTER UPDATE OF geom ON grids
  FOR EACH ROW EXECUTE FUNCTION bike_coverage_drop_grid();
CREATE TRIGGER streets_drop_coverage AFTER UPDATE OF boundary ON streets
  FOR EACH ROW EXECUTE FUNCTION bike_coverage_drop_street();

-- Why: the full bike-coverage answer (the bike-parking issues outside every buffer and the suggested
-- sites clustered from them) read every bike-parking issue of the street and clustered them at each
-- request: seconds at a million issues. It only changes when the coverage or the bike-parking issues
-- change, so it is kept per (street, radius, window) with the coverage's version, and the version is
-- bumped in the same transaction as every zone change and every write that adds, removes or moves a
-- bike-parking issue. A read whose version matches is a primary-key lookup; a stale or missing one is
-- recomputed and stored (api/analysis/coverage.ts). A partial index lets the recomputation read the
-- bike-parking issues' stored EPSG:4547 points from the index alone.
ALTER TABLE bike_coverage ADD COLUMN version bigint NOT NULL DEFAULT 0;

CREATE TABLE bike_coverage_sites (
  street_id    integer NOT NULL,
  radius_m     integer NOT NULL,
  window_key   text NOT NULL,        -- 'from/to' as ISO instants, empty for an open end
  version      bigint NOT NULL,      -- bike_coverage.version the answer was computed from
  uncovered    integer NOT NULL,
  suggestions  jsonb NOT NULL,
  PRIMARY KEY (street_id, radius_m, window_key),
  FOREIGN KEY (street_id, radius_m) REFERENCES bike_coverage (street_id, radius_m) ON DELETE CASCADE
);

CREATE INDEX issues_bike_ix ON issues (street_id, reported_at) INCLUDE (x_m, y_m)
  WHERE category_code = 'bike_parking';

-- The zone patch of migration 0020, now also bumping the version of every radius it patches.
CREATE OR REPLACE FUNCTION bike_coverage_patch() RETURNS trigger LANGUAGE plpgsql AS $$
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
        version = b.version + 1,
        updated_at = now()
    WHERE b.street_id = street AND b.radius_m = c.radius_m;
    PERFORM bike_coverage_measure(street, c.radius_m, region);
  END LOOP;
  RETURN NULL;
END $$;

-- Bike-parking issues written: every cached answer of their street is stale.
CREATE FUNCTION bike_coverage_issues_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bike_coverage SET version = version + 1
  WHERE street_id IN (SELECT street_id FROM new_rows WHERE category_code = 'bike_parking');
  RETURN NULL;
END $$;

CREATE FUNCTION bike_coverage_issues_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bike_coverage SET version = version + 1
  WHERE street_id IN (SELECT street_id FROM old_rows WHERE category_code = 'bike_parking');
  RETURN NULL;
END $$;

-- Updates matter only when they move a bike-parking issue in space, in time or out of the category
-- (status changes, the common case, do not touch the answer).
CREATE FUNCTION bike_coverage_issues_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bike_coverage SET version = version + 1
  WHERE street_id IN (
    SELECT n.street_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.category_code = 'bike_parking' OR o.category_code = 'bike_parking')
      AND (n.geom IS DISTINCT FROM o.geom OR n.category_code IS DISTINCT FROM o.category_code
           OR n.reported_at IS DISTINCT FROM o.reported_at OR n.street_id IS DISTINCT FROM o.street_id)
    UNION
    SELECT o.street_id FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE o.category_code = 'bike_parking' AND n.street_id IS DISTINCT FROM o.street_id);
  RETURN NULL;
END $$;

CREATE TRIGGER issues_bike_coverage_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bike_coverage_issues_insert();
CREATE TRIGGER issues_bike_coverage_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bike_coverage_issues_update();
CREATE TRIGGER issues_bike_coverage_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bike_coverage_issues_delete();

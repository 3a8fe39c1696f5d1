-- Why: every bike-parking issue written bumped the coverage version of every radius of its street,
-- so the next bike-coverage read re-ran the uncovered count and the DBSCAN clustering of all
-- uncovered issues: 1.6–1.8 s at 10⁶ issues (docs/performance.md, "Bike coverage and live
-- analysis"). An issue inside the covered area of a radius is in no uncovered count and no site of
-- that radius, whatever its window, so its write leaves that radius's stored answers valid. The
-- version of a radius is now bumped only when a written row (old or new) is a bike-parking issue
-- whose stored EPSG:4547 point lies outside that radius's covered area (the same test the readers
-- use, api/analysis/coverage-gaps.sql).
CREATE OR REPLACE FUNCTION bike_coverage_issues_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bike_coverage c SET version = c.version + 1
  WHERE EXISTS (SELECT 1 FROM new_rows n
                WHERE n.category_code = 'bike_parking' AND n.street_id = c.street_id
                  AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(n.x_m, n.y_m), 4547)));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION bike_coverage_issues_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bike_coverage c SET version = c.version + 1
  WHERE EXISTS (SELECT 1 FROM old_rows o
                WHERE o.category_code = 'bike_parking' AND o.street_id = c.street_id
                  AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(o.x_m, o.y_m), 4547)));
  RETURN NULL;
END $$;

-- Updates matter only when they move a bike-parking issue in space, in time, out of the category or
-- of the street (status changes, the common case, never do), and then only for the radii where the
-- old or the new position is uncovered.
CREATE OR REPLACE FUNCTION bike_coverage_issues_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bike_coverage c SET version = c.version + 1
  WHERE EXISTS (
    SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (n.category_code = 'bike_parking' OR o.category_code = 'bike_parking')
      AND (n.geom IS DISTINCT FROM o.geom OR n.category_code IS DISTINCT FROM o.category_code
           OR n.reported_at IS DISTINCT FROM o.reported_at OR n.street_id IS DISTINCT FROM o.street_id)
      AND ((o.category_code = 'bike_parking' AND o.street_id = c.street_id
            AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(o.x_m, o.y_m), 4547)))
        OR (n.category_code = 'bike_parking' AND n.street_id = c.street_id
            AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(n.x_m, n.y_m), 4547)))));
  RETURN NULL;
END $$;

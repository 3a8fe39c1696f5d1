-- Why: an area analysis lists its field points with the issues reported within 30 m of each
-- (area-places.sql). For all time it read them from the 10 m cell index around every point: at
-- 10⁶ issues ~1,200 a point, 19.5 ms for the bench area's nine points on PGlite, a sixth of a
-- whole analysis with before/after (docs/performance.md, "Issues near field points kept"). The
-- all-time counts per point and category are now kept here by the writes themselves: an issue
-- added, deleted, moved or re-categorised changes the counts of the points within 30 m of it (old
-- and new place), and a point added or moved is counted afresh. A window's places are still read
-- from the index. "Within 30 m" is on the spheroid (ST_DWithin of geographies), which is what
-- area-places.sql decides by; the bounding-box test before it (0.001°, over 90 m here) only lets
-- the GiST index find the candidates.

CREATE TABLE field_point_issues (
  street_id     integer NOT NULL,
  point_id      bigint NOT NULL,
  category_code text NOT NULL,
  n             integer NOT NULL,
  PRIMARY KEY (street_id, point_id, category_code) INCLUDE (n),
  FOREIGN KEY (street_id, point_id) REFERENCES field_points (street_id, id) ON DELETE CASCADE
);

-- Derived from issues and written with them (or with a point): issue data for the read cache (0320).
CREATE OR REPLACE FUNCTION issue_data_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['issues', 'issue_events', 'issue_photos', 'issue_rollup', 'issue_cells', 'issue_day_indicators',
               'issue_callbacks', 'notice_counters', 'hotline_cases', 'public_reports', 'public_report_feedback',
               'public_challenges', 'public_rate', 'inspections', 'inspection_items',
               'issue_hexes', 'issue_day_marks', 'issue_day_cells', 'campaign_tallies', 'field_point_issues']
$$;

-- Adds `sign` (1 or −1) per issue to the counts of the points within 30 m of it; the issues as
-- parallel arrays (street, category, point), which the triggers below fill from their transition rows.
CREATE FUNCTION field_point_issues_add(p_street integer[], p_category text[], p_geom geometry[], p_sign integer[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- (7316, street): this project's advisory-lock class for the points' counts. Issue writes share it,
  -- a point's recount holds it alone; the statement below, run after it is granted, sees the points
  -- as a recount committed them, and a recount sees every issue written before it. Otherwise an
  -- issue reported beside a point being moved could be missed by both, and its count stay wrong.
  PERFORM pg_advisory_xact_lock_shared(7316, x.s) FROM (SELECT DISTINCT unnest(p_street) AS s ORDER BY 1) x;
  INSERT INTO field_point_issues AS f (street_id, point_id, category_code, n)
  SELECT p.street_id, p.id, r.category_code, sum(r.sign)::int
  FROM unnest(p_street, p_category, p_geom, p_sign) r (street_id, category_code, geom, sign)
  JOIN field_points p ON p.street_id = r.street_id AND p.geom && ST_Expand(r.geom, 0.001)
                     AND ST_DWithin(p.geom::geography, r.geom::geography, 30)
  GROUP BY 1, 2, 3
  HAVING sum(r.sign) <> 0
  ON CONFLICT (street_id, point_id, category_code) DO UPDATE SET n = f.n + EXCLUDED.n;
END $$;

CREATE FUNCTION field_point_issues_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM field_point_issues_add(array_agg(street_id), array_agg(category_code), array_agg(geom), array_agg(1))
  FROM new_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION field_point_issues_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM field_point_issues_add(array_agg(street_id), array_agg(category_code), array_agg(geom), array_agg(-1))
  FROM old_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;

-- Only the issues whose point or category changed (a transition changes neither): out of their old
-- points' counts, into their new ones'.
CREATE FUNCTION field_point_issues_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM field_point_issues_add(array_agg(c.street_id), array_agg(c.category_code), array_agg(c.geom), array_agg(c.sign))
  FROM (SELECT o.street_id, o.category_code, o.geom, w.street_id AS ws, w.category_code AS wc, w.geom AS wg
        FROM old_rows o JOIN new_rows w ON w.id = o.id
        WHERE o.geom IS DISTINCT FROM w.geom OR o.category_code <> w.category_code OR o.street_id <> w.street_id) m
  CROSS JOIN LATERAL (VALUES (m.street_id, m.category_code, m.geom, -1), (m.ws, m.wc, m.wg, 1)) c (street_id, category_code, geom, sign)
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE TRIGGER issues_field_points_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION field_point_issues_insert();
CREATE TRIGGER issues_field_points_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION field_point_issues_update();
CREATE TRIGGER issues_field_points_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION field_point_issues_delete();

-- A point added, or moved to another place or street, is counted afresh from the issues around it
-- (the GiST index of their points); a point deleted takes its counts with it (the foreign key).
CREATE FUNCTION field_point_issues_recount(p_street integer[], p_point bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7316, x.s) FROM (SELECT DISTINCT unnest(p_street) AS s ORDER BY 1) x;
  DELETE FROM field_point_issues f
  USING unnest(p_street, p_point) x (street_id, point_id)
  WHERE f.street_id = x.street_id AND f.point_id = x.point_id;
  INSERT INTO field_point_issues (street_id, point_id, category_code, n)
  SELECT p.street_id, p.id, i.category_code, count(*)::int
  FROM unnest(p_street, p_point) x (street_id, point_id)
  JOIN field_points p ON p.street_id = x.street_id AND p.id = x.point_id
  JOIN issues i ON i.street_id = p.street_id AND i.geom && ST_Expand(p.geom, 0.001)
               AND ST_DWithin(p.geom::geography, i.geom::geography, 30)
  GROUP BY 1, 2, 3;
END $$;

CREATE FUNCTION field_point_issues_points_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM field_point_issues_recount(array_agg(street_id), array_agg(id)) FROM new_rows HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE FUNCTION field_point_issues_points_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM field_point_issues_recount(array_agg(w.street_id), array_agg(w.id))
  FROM old_rows o JOIN new_rows w ON w.id = o.id
  WHERE o.geom IS DISTINCT FROM w.geom OR o.street_id <> w.street_id
  HAVING count(*) > 0;
  RETURN NULL;
END $$;

CREATE TRIGGER field_points_issues_insert AFTER INSERT ON field_points
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION field_point_issues_points_insert();
CREATE TRIGGER field_points_issues_update AFTER UPDATE ON field_points
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION field_point_issues_points_update();

-- Every point of every street counted once.
SELECT field_point_issues_recount(array_agg(street_id), array_agg(id)) FROM field_points HAVING count(*) > 0;

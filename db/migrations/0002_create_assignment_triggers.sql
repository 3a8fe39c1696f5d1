-- Why: the counting rule. Every issue and field point belongs to exactly one grid and community,
-- decided when the row is written (the lowest grid code among the grids that touch the point, so a
-- point on a shared edge or vertex goes to one grid deterministically); statistics then read indexed
-- codes instead of doing geometry at every request. Editing a grid re-assigns what it touches.
CREATE FUNCTION locate_grid(p_street integer, p_geom geometry)
RETURNS TABLE (grid_code text, community_code text)
LANGUAGE sql STABLE AS $$
  SELECT g.code, g.community_code
  FROM grids g
  WHERE g.street_id = p_street AND ST_Intersects(g.geom, p_geom)
  ORDER BY g.code
  LIMIT 1
$$;

CREATE FUNCTION assign_issue_grid() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE loc record;
BEGIN
  SELECT * INTO loc FROM locate_grid(NEW.street_id, NEW.geom);
  IF loc.grid_code IS NULL THEN
    RAISE EXCEPTION 'point outside every grid of street %', NEW.street_id
      USING ERRCODE = 'P0001', HINT = 'outside_street';
  END IF;
  NEW.grid_code := loc.grid_code;
  NEW.community_code := loc.community_code;
  RETURN NEW;
END $$;

CREATE TRIGGER issues_assign_grid
  BEFORE INSERT OR UPDATE OF geom ON issues
  FOR EACH ROW EXECUTE FUNCTION assign_issue_grid();

CREATE FUNCTION assign_point_grid() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE loc record;
BEGIN
  SELECT * INTO loc FROM locate_grid(NEW.street_id, NEW.geom);
  NEW.grid_code := loc.grid_code;
  NEW.community_code := loc.community_code;
  RETURN NEW;
END $$;

CREATE TRIGGER field_points_assign_grid
  BEFORE INSERT OR UPDATE OF geom ON field_points
  FOR EACH ROW EXECUTE FUNCTION assign_point_grid();

-- A grid edit (shape or community) re-assigns the issues and points of the street in the same
-- transaction; only rows whose assignment changes are written.
CREATE FUNCTION reassign_after_grid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE issues i SET grid_code = l.grid_code, community_code = l.community_code
  FROM (SELECT i2.street_id, i2.id, loc.grid_code, loc.community_code
        FROM issues i2, LATERAL locate_grid(i2.street_id, i2.geom) loc
        WHERE i2.street_id = NEW.street_id
          AND (i2.grid_code = NEW.code OR ST_Intersects(i2.geom, NEW.geom))) l
  WHERE i.street_id = l.street_id AND i.id = l.id
    AND l.grid_code IS NOT NULL
    AND (i.grid_code, i.community_code) IS DISTINCT FROM (l.grid_code, l.community_code);
  UPDATE field_points p SET grid_code = l.grid_code, community_code = l.community_code
  FROM (SELECT p2.street_id, p2.id, loc.grid_code, loc.community_code
        FROM field_points p2, LATERAL locate_grid(p2.street_id, p2.geom) loc
        WHERE p2.street_id = NEW.street_id
          AND (p2.grid_code = NEW.code OR ST_Intersects(p2.geom, NEW.geom))) l
  WHERE p.street_id = l.street_id AND p.id = l.id
    AND (p.grid_code, p.community_code) IS DISTINCT FROM (l.grid_code, l.community_code);
  RETURN NULL;
END $$;

CREATE TRIGGER grids_reassign
  AFTER UPDATE OF geom, community_code ON grids
  FOR EACH ROW EXECUTE FUNCTION reassign_after_grid_change();

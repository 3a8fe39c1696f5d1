-- Why: the default hot-spot map (100 m hexagons, GET /analysis/bins) still counted every issue of
-- the street at every request (642 ms at a million issues, 10.6× a bare count of them). issue_hexes
-- holds the number of issues per 100 m hexagon (hex100, migration 0026: hex_cell(), the one function
-- that places an issue in its hexagon, used by the stored column the triggers and the readers both
-- read), per category, status, grid and community (every filter of the endpoint but the bbox), for
-- all time ('a') and per local month reported ('m'), with the same grains and months as issue_cells
-- (migration 0028: issue_cell_month, issue_cells_window). A request then sums a few thousand rows
-- (all time, or its window's whole months) and reads only the partial months at the window's edges
-- from the issues (api/analysis/bins-rollup.sql). Statement-level triggers keep it exact in the same
-- transaction as every insert, update (a move, a re-categorisation, a merge, a close or reopen, a
-- grid re-assignment) and delete of issues. A key whose count drops to 0 stays as a 0 row: sums
-- ignore it, and the next issue there reuses it (a write stays one upsert per key).
CREATE TABLE issue_hexes (
  street_id       integer NOT NULL,
  grain           char(1) NOT NULL CHECK (grain IN ('a', 'm')),
  month           date NOT NULL,  -- the first local day of the month ('m'); 2000-01-01 for 'a'
  category_code   text NOT NULL,
  status          text NOT NULL,
  hex             bigint NOT NULL,  -- hex_cell(x, y, 100), packed as i·2³² + (j + 2³¹)
  grid_code       text NOT NULL,
  community_code  text NOT NULL,
  n               integer NOT NULL,
  -- n rides in the key's index so a request reads the index alone.
  PRIMARY KEY (street_id, grain, month, category_code, status, hex, grid_code, community_code) INCLUDE (n)
);

-- Adds each row of a transition table to its two keys (all time, its month): one statement per call.
CREATE FUNCTION issue_hexes_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_hexes AS u (street_id, grain, month, category_code, status, hex, grid_code, community_code, n)
  SELECT r.street_id, g.grain, issue_cell_month(g.grain, r.reported_at, s.timezone), r.category_code, r.status,
         r.hex100, r.grid_code, r.community_code, count(*)
  FROM new_rows r JOIN streets s ON s.id = r.street_id
  CROSS JOIN (VALUES ('a'::char(1)), ('m'::char(1))) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (street_id, grain, month, category_code, status, hex, grid_code, community_code)
  DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- Old rows count −1 and new rows +1 per key; an update that changed no key column (most updates:
-- an assignment, a deadline, a photo) cancels out and writes nothing.
CREATE FUNCTION issue_hexes_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_hexes AS u (street_id, grain, month, category_code, status, hex, grid_code, community_code, n)
  SELECT r.street_id, g.grain, issue_cell_month(g.grain, r.reported_at, s.timezone), r.category_code, r.status,
         r.hex100, r.grid_code, r.community_code, sum(r.sign)::int
  FROM (SELECT o.street_id, o.reported_at, o.category_code, o.status, o.hex100, o.grid_code, o.community_code, -1 AS sign
        FROM old_rows o
        UNION ALL
        SELECT w.street_id, w.reported_at, w.category_code, w.status, w.hex100, w.grid_code, w.community_code, 1
        FROM new_rows w) r
  JOIN streets s ON s.id = r.street_id
  CROSS JOIN (VALUES ('a'::char(1)), ('m'::char(1))) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  HAVING sum(r.sign) <> 0
  ON CONFLICT (street_id, grain, month, category_code, status, hex, grid_code, community_code)
  DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION issue_hexes_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_hexes AS u (street_id, grain, month, category_code, status, hex, grid_code, community_code, n)
  SELECT r.street_id, g.grain, issue_cell_month(g.grain, r.reported_at, s.timezone), r.category_code, r.status,
         r.hex100, r.grid_code, r.community_code, -count(*)
  FROM old_rows r JOIN streets s ON s.id = r.street_id
  CROSS JOIN (VALUES ('a'::char(1)), ('m'::char(1))) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (street_id, grain, month, category_code, status, hex, grid_code, community_code)
  DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE TRIGGER issues_hexes_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_hexes_insert();
CREATE TRIGGER issues_hexes_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_hexes_update();
CREATE TRIGGER issues_hexes_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_hexes_delete();

INSERT INTO issue_hexes (street_id, grain, month, category_code, status, hex, grid_code, community_code, n)
SELECT i.street_id, g.grain, issue_cell_month(g.grain, i.reported_at, s.timezone), i.category_code, i.status,
       i.hex100, i.grid_code, i.community_code, count(*)
FROM issues i JOIN streets s ON s.id = i.street_id
CROSS JOIN (VALUES ('a'::char(1)), ('m'::char(1))) g(grain)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

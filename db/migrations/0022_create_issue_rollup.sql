-- Why: statistics over a million issues should not read a million rows. issue_rollup holds the number
-- of issues per (street, local day or month reported, grid, community, category, status); statement-
-- level triggers on issues keep it exact in the same transaction as every insert, update (status
-- change, grid re-assignment after a grid edit, any other column) and delete. Per-grid and
-- per-community counts, Gi* and the control of area analysis then read whole months and whole days
-- from it (thousands of rows) and only the partial first and last day of a window from issues
-- (api/stats/counts-rollup.sql). Days and months are the street's local calendar (streets.timezone).
CREATE TABLE issue_rollup (
  street_id       integer NOT NULL,
  grain           char(1) NOT NULL CHECK (grain IN ('d', 'm')),  -- 'd': one day; 'm': one month
  day             date NOT NULL,                                 -- the first day of the bucket
  grid_code       text NOT NULL,
  community_code  text NOT NULL,
  category_code   text NOT NULL,
  status          text NOT NULL,
  n               integer NOT NULL,
  -- n rides in the key's index so the counting query reads the index alone.
  PRIMARY KEY (street_id, grain, day, category_code, grid_code, community_code, status) INCLUDE (n)
);

-- "Overdue" depends on the instant asked about, so it is counted from the open issues themselves:
-- this index holds only open issues, with every column the count needs.
CREATE INDEX issues_open_cover_ix ON issues (street_id, deadline)
  INCLUDE (reported_at, category_code, grid_code, community_code, status)
  WHERE status IN ('reported', 'assigned', 'rectifying', 'rectified');

-- The rollup keys of a set of issue rows, each with a signed count: every row lands in its day and
-- in its month.
CREATE FUNCTION issue_rollup_keys(p_rows jsonb, p_sign integer)
RETURNS TABLE (street_id integer, grain char(1), day date, grid_code text, community_code text,
               category_code text, status text, n integer)
LANGUAGE sql STABLE AS $$
  SELECT r.street_id, g.grain,
         CASE g.grain WHEN 'm' THEN date_trunc('month', r.reported_at AT TIME ZONE s.timezone)::date
                      ELSE (r.reported_at AT TIME ZONE s.timezone)::date END,
         r.grid_code, r.community_code, r.category_code, r.status, (p_sign * count(*))::int
  FROM jsonb_to_recordset(p_rows) AS r(street_id integer, reported_at timestamptz, grid_code text,
                                      community_code text, category_code text, status text)
  JOIN streets s ON s.id = r.street_id
  CROSS JOIN (VALUES ('d'::char(1)), ('m'::char(1))) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
$$;

-- Adds signed per-key deltas; rows that reach zero are removed so the table holds only what exists
-- (in a second statement: a statement cannot delete the row versions its own upsert wrote).
CREATE FUNCTION issue_rollup_add(p_old jsonb, p_new jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE emptied jsonb;
BEGIN
  WITH d AS (
    SELECT street_id, grain, day, grid_code, community_code, category_code, status, sum(n)::int AS n
    FROM (SELECT * FROM issue_rollup_keys(p_old, -1) UNION ALL SELECT * FROM issue_rollup_keys(p_new, 1)) k
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(n) <> 0
  ), up AS (
    INSERT INTO issue_rollup AS u (street_id, grain, day, grid_code, community_code, category_code, status, n)
    SELECT * FROM d
    ON CONFLICT (street_id, grain, day, grid_code, community_code, category_code, status)
    DO UPDATE SET n = u.n + EXCLUDED.n
    RETURNING u.street_id, u.grain, u.day, u.grid_code, u.community_code, u.category_code, u.status, u.n
  )
  SELECT jsonb_agg(to_jsonb(up)) INTO emptied FROM up WHERE up.n = 0;
  IF emptied IS NOT NULL THEN
    DELETE FROM issue_rollup r
    USING jsonb_to_recordset(emptied) AS k(street_id integer, grain char(1), day date, grid_code text,
                                           community_code text, category_code text, status text)
    WHERE r.street_id = k.street_id AND r.grain = k.grain AND r.day = k.day AND r.grid_code = k.grid_code
      AND r.community_code = k.community_code AND r.category_code = k.category_code
      AND r.status = k.status AND r.n = 0;
  END IF;
END $$;

-- Inserts (bulk loads included) go straight in, grouped: no round trip through jsonb.
CREATE FUNCTION issue_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_rollup AS u (street_id, grain, day, grid_code, community_code, category_code, status, n)
  SELECT r.street_id, g.grain,
         CASE g.grain WHEN 'm' THEN date_trunc('month', r.reported_at AT TIME ZONE s.timezone)::date
                      ELSE (r.reported_at AT TIME ZONE s.timezone)::date END,
         r.grid_code, r.community_code, r.category_code, r.status, count(*)
  FROM new_rows r
  JOIN streets s ON s.id = r.street_id
  CROSS JOIN (VALUES ('d'::char(1)), ('m'::char(1))) g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (street_id, grain, day, grid_code, community_code, category_code, status)
  DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- An update moves an issue between keys only when a key column changed; unchanged rows cancel out.
CREATE FUNCTION issue_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_rollup_add(
    (SELECT coalesce(jsonb_agg(jsonb_build_object('street_id', o.street_id, 'reported_at', o.reported_at,
              'grid_code', o.grid_code, 'community_code', o.community_code, 'category_code', o.category_code,
              'status', o.status)), '[]') FROM old_rows o),
    (SELECT coalesce(jsonb_agg(jsonb_build_object('street_id', r.street_id, 'reported_at', r.reported_at,
              'grid_code', r.grid_code, 'community_code', r.community_code, 'category_code', r.category_code,
              'status', r.status)), '[]') FROM new_rows r));
  RETURN NULL;
END $$;

CREATE FUNCTION issue_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_rollup_add(
    (SELECT coalesce(jsonb_agg(jsonb_build_object('street_id', o.street_id, 'reported_at', o.reported_at,
              'grid_code', o.grid_code, 'community_code', o.community_code, 'category_code', o.category_code,
              'status', o.status)), '[]') FROM old_rows o),
    '[]');
  RETURN NULL;
END $$;

CREATE TRIGGER issues_rollup_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_rollup_insert();
CREATE TRIGGER issues_rollup_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_rollup_update();
CREATE TRIGGER issues_rollup_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_rollup_delete();

INSERT INTO issue_rollup (street_id, grain, day, grid_code, community_code, category_code, status, n)
SELECT i.street_id, g.grain,
       CASE g.grain WHEN 'm' THEN date_trunc('month', i.reported_at AT TIME ZONE s.timezone)::date
                    ELSE (i.reported_at AT TIME ZONE s.timezone)::date END,
       i.grid_code, i.community_code, i.category_code, i.status, count(*)
FROM issues i
JOIN streets s ON s.id = i.street_id
CROSS JOIN (VALUES ('d'::char(1)), ('m'::char(1))) g(grain)
GROUP BY 1, 2, 3, 4, 5, 6, 7;

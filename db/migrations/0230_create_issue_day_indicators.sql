-- Why: the district ranking (GET /district, issue 14) counted every issue of the window in every
-- street (1.3 s for a year at 20 × 10⁴ issues; the target is 200 ms at 20 × 10⁵). issue_day_indicators
-- holds, per street and local day reported (streets.timezone), the closed-loop counts that do not
-- depend on the instant asked about — total, open, closed, answered, closed on time (closed_at ≤
-- deadline), reworked, inspected, the sum of closing hours, the 12345 orders' closed/answered/on time
-- and the callbacks — of the issues that are not merged duplicates. One row per street and day (20
-- streets × a year = 7,300 rows), so a window reads whole days from it and only its partial first and
-- last day from issues (api/district/district.sql). What depends on "now" (超期, and so 应结) is the
-- open issues less those without a deadline (both kept) less the few whose deadline is still ahead
-- (a partial index of open issues by deadline); the 90th percentile of closing hours from an
-- index of closed issues by closing time.
--
-- Unlike the per-issue day marks tried in 0200 (a row per issue and day, recomputed from the audit
-- trail by every write), this is one signed delta per (street, day) that a write statement touches:
-- statement-level triggers on issues and issue_callbacks subtract the old rows' part and add the new
-- rows' part in the same transaction (deltas commute, so concurrent writers cannot lose a count, as
-- 0022's issue_rollup), and an update that changes none of the counted columns costs nothing.
-- A row's part is defined once, by issue_day_parts(), which the district query also uses for the
-- partial edge days. Every row carries its street_id.
CREATE TABLE issue_day_indicators (
  street_id               integer NOT NULL,
  day                     date NOT NULL,
  total                   integer NOT NULL,
  open                    integer NOT NULL,
  open_undated            integer NOT NULL,   -- open without a deadline (never 超期)
  closed                  integer NOT NULL,
  answered                integer NOT NULL,
  closed_on_time          integer NOT NULL,
  reworked                integer NOT NULL,
  inspected               integer NOT NULL,
  close_h_sum             numeric NOT NULL,   -- Σ hours from report to 销号 of the closed issues
  hotline_closed          integer NOT NULL,
  hotline_answered        integer NOT NULL,
  hotline_closed_on_time  integer NOT NULL,
  hotline_open            integer NOT NULL,
  hotline_open_undated    integer NOT NULL,
  callbacks               integer NOT NULL,
  callbacks_satisfied     integer NOT NULL,
  PRIMARY KEY (street_id, day)
);

-- 超期 = open − open without a deadline − open whose deadline is still ahead: the first two are kept
-- per day, the last (the few issues reported in the last days) is read from this index of open
-- issues by deadline.
CREATE INDEX issues_open_ahead_ix ON issues (street_id, deadline) INCLUDE (reported_at, source)
  WHERE status IN ('reported', 'assigned', 'rectifying', 'rectified') AND merged_into IS NULL;

-- The closed issues by hours to close, for the exact 90th percentile of a long window without sorting
-- it (read backwards from the longest; the columns are included so the read stays in the index).
CREATE INDEX issues_close_hours_ix ON issues (street_id, (extract(epoch FROM closed_at - reported_at)))
  INCLUDE (reported_at, closed_at) WHERE status = 'closed' AND merged_into IS NULL;

-- Every column a count reads, by report time: the partial first and last day of a window (and the
-- closing hours of a short window) are read from this index alone, not from the issues' pages.
CREATE INDEX issues_counted_ix ON issues (street_id, reported_at)
  INCLUDE (id, status, source, deadline, closed_at, rework_count, merged_into);

-- The columns of an issue the counts read (a row of issues, or of issues_counted_ix).
CREATE TYPE issue_counted AS (street_id integer, id bigint, reported_at timestamptz, status text, source text,
                              deadline timestamptz, closed_at timestamptz, rework_count integer, merged_into bigint);

-- The one definition of a set of issue rows' part of the day counts (the same as
-- api/indicators/indicators.sql counts them): per street and local day reported, merged duplicates left
-- out, each callback of an issue counted once.
CREATE FUNCTION issue_day_parts(p_rows issue_counted[])
RETURNS TABLE (street_id integer, day date, total integer, open integer, open_undated integer, closed integer,
               answered integer, closed_on_time integer, reworked integer, inspected integer, close_h_sum numeric,
               hotline_closed integer, hotline_answered integer, hotline_closed_on_time integer,
               hotline_open integer, hotline_open_undated integer, callbacks integer, callbacks_satisfied integer)
LANGUAGE sql STABLE AS $$
  SELECT r.street_id, (r.reported_at AT TIME ZONE s.timezone)::date,
         count(*)::int,
         count(*) FILTER (WHERE is_open(r.status))::int,
         count(*) FILTER (WHERE is_open(r.status) AND r.deadline IS NULL)::int,
         count(*) FILTER (WHERE r.status = 'closed')::int,
         count(*) FILTER (WHERE r.status = 'answered')::int,
         count(*) FILTER (WHERE r.status = 'closed' AND r.closed_at <= r.deadline)::int,
         count(*) FILTER (WHERE r.rework_count > 0)::int,
         count(*) FILTER (WHERE r.status = 'closed' OR r.rework_count > 0)::int,
         coalesce(sum(extract(epoch FROM r.closed_at - r.reported_at) / 3600) FILTER (WHERE r.status = 'closed'), 0),
         count(*) FILTER (WHERE r.source = 'hotline_12345' AND r.status = 'closed')::int,
         count(*) FILTER (WHERE r.source = 'hotline_12345' AND r.status = 'answered')::int,
         count(*) FILTER (WHERE r.source = 'hotline_12345' AND r.status = 'closed' AND r.closed_at <= r.deadline)::int,
         count(*) FILTER (WHERE r.source = 'hotline_12345' AND is_open(r.status))::int,
         count(*) FILTER (WHERE r.source = 'hotline_12345' AND is_open(r.status) AND r.deadline IS NULL)::int,
         coalesce(sum(cb.n), 0)::int,
         coalesce(sum(cb.satisfied), 0)::int
  FROM unnest(p_rows) r
  JOIN streets s ON s.id = r.street_id
  LEFT JOIN LATERAL (
    SELECT count(*) AS n, count(*) FILTER (WHERE c.satisfaction <> 'dissatisfied') AS satisfied
    FROM issue_callbacks c WHERE c.street_id = r.street_id AND c.issue_id = r.id
  ) cb ON true
  WHERE r.merged_into IS NULL
  GROUP BY 1, 2
$$;

-- Adds the new rows' parts and subtracts the old rows' (per street and day); days left with no issue are removed
-- in a second statement (a statement cannot delete the row versions its own upsert wrote).
CREATE FUNCTION issue_day_indicators_add(p_old issue_counted[], p_new issue_counted[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE emptied jsonb;
BEGIN
  WITH d AS (
    SELECT k.street_id, k.day, sum(k.sg * k.total)::int AS total, sum(k.sg * k.open)::int AS open,
           sum(k.sg * k.open_undated)::int AS open_undated,
           sum(k.sg * k.closed)::int AS closed, sum(k.sg * k.answered)::int AS answered,
           sum(k.sg * k.closed_on_time)::int AS closed_on_time, sum(k.sg * k.reworked)::int AS reworked,
           sum(k.sg * k.inspected)::int AS inspected, sum(k.sg * k.close_h_sum) AS close_h_sum,
           sum(k.sg * k.hotline_closed)::int AS hotline_closed, sum(k.sg * k.hotline_answered)::int AS hotline_answered,
           sum(k.sg * k.hotline_closed_on_time)::int AS hotline_closed_on_time,
           sum(k.sg * k.hotline_open)::int AS hotline_open, sum(k.sg * k.hotline_open_undated)::int AS hotline_open_undated,
           sum(k.sg * k.callbacks)::int AS callbacks, sum(k.sg * k.callbacks_satisfied)::int AS callbacks_satisfied
    FROM (SELECT -1 AS sg, p.* FROM issue_day_parts(p_old) p
          UNION ALL SELECT 1, p.* FROM issue_day_parts(p_new) p) k
    GROUP BY 1, 2
  ), up AS (
    INSERT INTO issue_day_indicators AS u
    SELECT * FROM d
    WHERE (total, open, open_undated, closed, answered, closed_on_time, reworked, inspected, hotline_closed,
           hotline_answered, hotline_closed_on_time, hotline_open, hotline_open_undated, callbacks,
           callbacks_satisfied) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
       OR close_h_sum <> 0
    ON CONFLICT (street_id, day) DO UPDATE SET
      total = u.total + EXCLUDED.total, open = u.open + EXCLUDED.open, open_undated = u.open_undated + EXCLUDED.open_undated,
      closed = u.closed + EXCLUDED.closed,
      answered = u.answered + EXCLUDED.answered, closed_on_time = u.closed_on_time + EXCLUDED.closed_on_time,
      reworked = u.reworked + EXCLUDED.reworked, inspected = u.inspected + EXCLUDED.inspected,
      close_h_sum = u.close_h_sum + EXCLUDED.close_h_sum, hotline_closed = u.hotline_closed + EXCLUDED.hotline_closed,
      hotline_answered = u.hotline_answered + EXCLUDED.hotline_answered,
      hotline_closed_on_time = u.hotline_closed_on_time + EXCLUDED.hotline_closed_on_time,
      hotline_open = u.hotline_open + EXCLUDED.hotline_open,
      hotline_open_undated = u.hotline_open_undated + EXCLUDED.hotline_open_undated,
      callbacks = u.callbacks + EXCLUDED.callbacks, callbacks_satisfied = u.callbacks_satisfied + EXCLUDED.callbacks_satisfied
    RETURNING u.street_id, u.day, u.total
  )
  SELECT jsonb_agg(jsonb_build_object('street_id', up.street_id, 'day', up.day)) INTO emptied FROM up WHERE up.total = 0;
  IF emptied IS NOT NULL THEN
    DELETE FROM issue_day_indicators r
    USING jsonb_to_recordset(emptied) AS k(street_id integer, day date)
    WHERE r.street_id = k.street_id AND r.day = k.day AND r.total = 0;
  END IF;
END $$;

CREATE FUNCTION issue_day_indicators_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_day_indicators_add(NULL, (SELECT array_agg(ROW(n.street_id, n.id, n.reported_at, n.status, n.source, n.deadline, n.closed_at, n.rework_count, n.merged_into)::issue_counted) FROM new_rows n));
  RETURN NULL;
END $$;

-- Only the rows whose counted columns changed move (a description edit or a photo costs one join).
CREATE FUNCTION issue_day_indicators_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o issue_counted[]; n issue_counted[];
BEGIN
  SELECT array_agg(ROW(a.street_id, a.id, a.reported_at, a.status, a.source, a.deadline, a.closed_at, a.rework_count, a.merged_into)::issue_counted),
         array_agg(ROW(b.street_id, b.id, b.reported_at, b.status, b.source, b.deadline, b.closed_at, b.rework_count, b.merged_into)::issue_counted) INTO o, n
  FROM old_rows a JOIN new_rows b ON b.street_id = a.street_id AND b.id = a.id
  WHERE (a.status, a.deadline, a.closed_at, a.reported_at, a.rework_count, a.source, a.merged_into)
        IS DISTINCT FROM (b.status, b.deadline, b.closed_at, b.reported_at, b.rework_count, b.source, b.merged_into);
  IF o IS NOT NULL THEN
    PERFORM issue_day_indicators_add(o, n);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION issue_day_indicators_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_day_indicators_add((SELECT array_agg(ROW(o.street_id, o.id, o.reported_at, o.status, o.source, o.deadline, o.closed_at, o.rework_count, o.merged_into)::issue_counted) FROM old_rows o), NULL);
  RETURN NULL;
END $$;

CREATE TRIGGER issues_day_indicators_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_indicators_insert();
CREATE TRIGGER issues_day_indicators_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_indicators_update();
CREATE TRIGGER issues_day_indicators_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_indicators_delete();

-- Callbacks count on their issue's day (not for merged duplicates): ±1 per callback written or removed.
CREATE FUNCTION issue_day_callbacks_add(p_rows jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO issue_day_indicators AS u
  SELECT i.street_id, (i.reported_at AT TIME ZONE s.timezone)::date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
         sum(c.sg)::int, coalesce(sum(c.sg) FILTER (WHERE c.satisfaction <> 'dissatisfied'), 0)::int
  FROM jsonb_to_recordset(p_rows) AS c(street_id integer, issue_id bigint, satisfaction text, sg integer)
  JOIN issues i ON i.street_id = c.street_id AND i.id = c.issue_id
  JOIN streets s ON s.id = i.street_id
  WHERE i.merged_into IS NULL
  GROUP BY 1, 2
  ON CONFLICT (street_id, day) DO UPDATE SET
    callbacks = u.callbacks + EXCLUDED.callbacks,
    callbacks_satisfied = u.callbacks_satisfied + EXCLUDED.callbacks_satisfied;
END $$;

CREATE FUNCTION issue_day_callbacks_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE rows jsonb;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT jsonb_agg(jsonb_build_object('street_id', n.street_id, 'issue_id', n.issue_id, 'satisfaction', n.satisfaction, 'sg', 1))
      INTO rows FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT jsonb_agg(jsonb_build_object('street_id', o.street_id, 'issue_id', o.issue_id, 'satisfaction', o.satisfaction, 'sg', -1))
      INTO rows FROM old_rows o;
  ELSE
    SELECT jsonb_agg(x) INTO rows FROM (
      SELECT jsonb_build_object('street_id', o.street_id, 'issue_id', o.issue_id, 'satisfaction', o.satisfaction, 'sg', -1) AS x FROM old_rows o
      UNION ALL
      SELECT jsonb_build_object('street_id', n.street_id, 'issue_id', n.issue_id, 'satisfaction', n.satisfaction, 'sg', 1) FROM new_rows n) u;
  END IF;
  IF rows IS NOT NULL THEN
    PERFORM issue_day_callbacks_add(rows);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER issue_callbacks_day_insert AFTER INSERT ON issue_callbacks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_callbacks_changed();
CREATE TRIGGER issue_callbacks_day_update AFTER UPDATE ON issue_callbacks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_callbacks_changed();
CREATE TRIGGER issue_callbacks_day_delete AFTER DELETE ON issue_callbacks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION issue_day_callbacks_changed();

-- Existing issues, one street at a time (each street's rows pass through one array).
DO $$
DECLARE sid integer;
BEGIN
  FOR sid IN SELECT DISTINCT street_id FROM issues LOOP
    PERFORM issue_day_indicators_add(NULL, (SELECT array_agg(ROW(i.street_id, i.id, i.reported_at, i.status, i.source, i.deadline, i.closed_at, i.rework_count, i.merged_into)::issue_counted) FROM issues i WHERE i.street_id = sid));
  END LOOP;
END $$;

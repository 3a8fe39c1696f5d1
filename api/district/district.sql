-- Why: the district view compares every street at once: the closed-loop counts of each street's
-- issues reported in [$2, $3) in one statement (the district ranking the benchmark times), with the
-- same definitions as /indicators (indicators.sql), whose rates fold.ts computes for both. $1 = the
-- streets; $4 = now. Merged duplicates are left out. Whole local days come from issue_day_indicators
-- (migration 0230), the partial first and last day from the issues through the same issue_day_parts()
-- that keeps it; 超期 (open and past its deadline at $4, which no rollup can know) is the open issues
-- less those without a deadline less the few whose deadline is still ahead (a partial index); the 90th percentile of closing hours is read, exactly as percentile_cont
-- interpolates it, at its rank on the index of closed issues by closing time.
WITH s AS (
  SELECT id, code, name, area_m2, synthetic, tz, d0, d1,
         CASE WHEN d0 < d1 THEN d0::timestamp AT TIME ZONE tz ELSE $3::timestamptz END AS lo_to,
         CASE WHEN d0 < d1 THEN d1::timestamp AT TIME ZONE tz ELSE $3::timestamptz END AS hi_from
  FROM (SELECT id, code, name, area_m2, synthetic, timezone AS tz,
               (($2::timestamptz AT TIME ZONE timezone) + interval '1 day' - interval '1 microsecond')::date AS d0,
               ($3::timestamptz AT TIME ZONE timezone)::date AS d1
        FROM streets WHERE id = ANY ($1::int[])) x
),
edges AS (
  -- the partial first and last day of every street, read from issues_counted_ix, in one array (a
  -- plain argument, so issue_day_parts is inlined into this statement rather than planned per call)
  SELECT array_agg(ROW(i.street_id, i.id, i.reported_at, i.status, i.source, i.deadline, i.closed_at,
                       i.rework_count, i.merged_into)::issue_counted) AS rows
  FROM s CROSS JOIN LATERAL (
    SELECT * FROM issues i WHERE i.street_id = s.id AND i.reported_at >= $2 AND i.reported_at < s.lo_to
    UNION ALL
    SELECT * FROM issues i WHERE i.street_id = s.id AND i.reported_at >= s.hi_from AND i.reported_at < $3
  ) i
),
parts AS (
  SELECT r.street_id, r.total, r.open, r.open_undated, r.closed, r.answered, r.closed_on_time, r.reworked,
         r.inspected, r.close_h_sum, r.hotline_closed, r.hotline_answered, r.hotline_closed_on_time, r.hotline_open,
         r.hotline_open_undated, r.callbacks, r.callbacks_satisfied
  FROM s JOIN issue_day_indicators r ON r.street_id = s.id AND r.day >= s.d0 AND r.day < s.d1
  UNION ALL
  SELECT p.street_id, p.total, p.open, p.open_undated, p.closed, p.answered, p.closed_on_time, p.reworked,
         p.inspected, p.close_h_sum, p.hotline_closed, p.hotline_answered, p.hotline_closed_on_time, p.hotline_open,
         p.hotline_open_undated, p.callbacks, p.callbacks_satisfied
  FROM edges e, issue_day_parts(e.rows) p
),
sums AS (
  SELECT street_id, sum(total)::int AS total, sum(open)::int AS open, sum(closed)::int AS closed,
         sum(answered)::int AS answered, sum(closed_on_time)::int AS closed_on_time, sum(reworked)::int AS reworked,
         sum(inspected)::int AS inspected, sum(open_undated)::int AS open_undated,
         sum(hotline_open)::int AS hotline_open, sum(hotline_open_undated)::int AS hotline_open_undated, sum(close_h_sum) AS close_h_sum, sum(hotline_closed)::int AS hotline_closed,
         sum(hotline_answered)::int AS hotline_answered, sum(hotline_closed_on_time)::int AS hotline_closed_on_time,
         sum(callbacks)::int AS callbacks, sum(callbacks_satisfied)::int AS callbacks_satisfied
  FROM parts GROUP BY street_id
),
ahead AS (
  -- the open issues of the window whose deadline is still ahead of $4 (not 超期)
  SELECT s.id AS street_id, count(*)::int AS ahead, count(*) FILTER (WHERE i.source = 'hotline_12345')::int AS hotline_ahead
  FROM s JOIN issues i ON i.street_id = s.id AND i.deadline >= $4
  WHERE is_open(i.status) AND i.merged_into IS NULL AND i.reported_at >= $2 AND i.reported_at < $3
  GROUP BY s.id
),
late AS (
  SELECT m.street_id, m.open - m.open_undated - coalesce(a.ahead, 0) AS overdue,
         m.hotline_open - m.hotline_open_undated - coalesce(a.hotline_ahead, 0) AS hotline_overdue
  FROM sums m LEFT JOIN ahead a ON a.street_id = m.street_id
),
k AS (
  SELECT s.*, coalesce(m.total, 0) AS total, coalesce(m.open, 0) AS open, coalesce(l.overdue, 0) AS overdue,
         coalesce(m.closed, 0) AS closed, coalesce(m.answered, 0) AS answered,
         coalesce(m.closed_on_time, 0) AS closed_on_time, coalesce(m.reworked, 0) AS reworked,
         coalesce(m.inspected, 0) AS inspected, m.close_h_sum,
         coalesce(m.callbacks, 0) AS callbacks, coalesce(m.callbacks_satisfied, 0) AS callbacks_satisfied,
         coalesce(m.hotline_closed, 0) AS hotline_closed, coalesce(m.hotline_answered, 0) AS hotline_answered,
         coalesce(m.hotline_closed_on_time, 0) AS hotline_closed_on_time, coalesce(l.hotline_overdue, 0) AS hotline_overdue,
         0.9::float8 * (coalesce(m.closed, 0) - 1) AS pos
  FROM s LEFT JOIN sums m ON m.street_id = s.id LEFT JOIN late l ON l.street_id = s.id
)
SELECT k.id, k.code AS key, k.code, k.name, k.area_m2, k.synthetic,
       k.total, k.open, k.overdue, k.closed, k.answered,
       k.closed + k.answered + k.overdue AS due,           -- past its deadline, or closed/answered
       k.answered AS deferred, k.closed_on_time, k.reworked, k.inspected,
       CASE WHEN k.closed > 0 THEN k.close_h_sum / k.closed END AS mean_close_h,
       CASE WHEN k.closed > 0 THEN q.lo + (q.hi - q.lo) * (k.pos - floor(k.pos)) END AS p90_close_h,
       k.callbacks, k.callbacks_satisfied,
       k.hotline_closed + k.hotline_answered + k.hotline_overdue AS hotline_due,
       k.hotline_answered AS hotline_deferred, k.hotline_closed_on_time
FROM k
LEFT JOIN LATERAL (
  -- the values at ranks floor(pos) and ceil(pos) (0-based, ascending): in a long window (2,000 closed
  -- issues or more) read from the longest down on issues_close_hours_ix, skipping the other windows'
  -- issues (the report-time test is written so that it cannot pick the report-time index instead);
  -- in a short one, the window's closed issues sorted
  SELECT min(v) AS lo, max(v) AS hi
  FROM (SELECT (extract(epoch FROM i.closed_at - i.reported_at) / 3600)::float8 AS v
        FROM issues i
        WHERE k.closed >= 2000 AND i.street_id = k.id AND i.status = 'closed' AND i.merged_into IS NULL
          AND (i.reported_at >= $2 AND i.reported_at < $3) IS TRUE
        ORDER BY extract(epoch FROM i.closed_at - i.reported_at) DESC
        OFFSET greatest(k.closed - 1 - ceil(k.pos), 0)::int LIMIT (ceil(k.pos) - floor(k.pos) + 1)::int) t
  UNION ALL
  SELECT min(v), max(v)
  FROM (SELECT (extract(epoch FROM i.closed_at - i.reported_at) / 3600)::float8 AS v
        FROM issues i
        WHERE k.closed > 0 AND k.closed < 2000 AND i.street_id = k.id AND i.status = 'closed' AND i.merged_into IS NULL
          AND i.reported_at >= $2 AND i.reported_at < $3
        ORDER BY 1 DESC
        OFFSET greatest(k.closed - 1 - ceil(k.pos), 0)::int LIMIT (ceil(k.pos) - floor(k.pos) + 1)::int) t
  ORDER BY 1 NULLS LAST LIMIT 1
) q ON true
ORDER BY k.code

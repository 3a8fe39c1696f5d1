-- Why: the district ranking as it was before issue_day_indicators (migration 0230): every issue of the
-- window counted per street. Kept so bench/district can time it beside the rollup on the same data.
-- (The statement as it stood:)
-- Why: the district view compares every street at once: the closed-loop counts of each street's
-- issues reported in [$2, $3) in one statement (the district ranking the benchmark times), through
-- the same filtered_issues() and the same count definitions as /indicators (indicators.sql), whose
-- rates fold.ts computes for both. $1 = the streets; $4 = now. Merged duplicates are left out.
WITH s AS (
  SELECT id, code, name, area_m2, synthetic FROM streets WHERE id = ANY ($1::int[])
),
f AS (
  SELECT i.street_id, i.id, i.status, i.deadline, i.closed_at, i.reported_at, i.rework_count, i.source
  FROM s CROSS JOIN LATERAL filtered_issues(s.id, $2, $3, NULL, NULL, NULL, NULL, NULL) i
  WHERE i.merged_into IS NULL
),
counts AS (
  SELECT street_id,
         count(*)::int                                                            AS total,
         count(*) FILTER (WHERE is_open(status))::int                             AS open,
         count(*) FILTER (WHERE is_open(status) AND deadline < $4)::int           AS overdue,
         count(*) FILTER (WHERE status = 'closed')::int                           AS closed,
         count(*) FILTER (WHERE status = 'answered')::int                         AS answered,
         count(*) FILTER (WHERE deadline < $4 OR status IN ('closed', 'answered'))::int AS due,
         count(*) FILTER (WHERE status = 'answered')::int                         AS deferred,
         count(*) FILTER (WHERE status = 'closed' AND closed_at <= deadline)::int AS closed_on_time,
         count(*) FILTER (WHERE rework_count > 0)::int                            AS reworked,
         count(*) FILTER (WHERE status = 'closed' OR rework_count > 0)::int       AS inspected,
         avg(extract(epoch FROM closed_at - reported_at) / 3600)
           FILTER (WHERE status = 'closed')                                       AS mean_close_h,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - reported_at) / 3600)
           FILTER (WHERE status = 'closed')                                       AS p90_close_h,
         count(*) FILTER (WHERE source = 'hotline_12345'
                            AND (deadline < $4 OR status IN ('closed', 'answered')))::int AS hotline_due,
         count(*) FILTER (WHERE source = 'hotline_12345' AND status = 'answered')::int  AS hotline_deferred,
         count(*) FILTER (WHERE source = 'hotline_12345' AND status = 'closed' AND closed_at <= deadline)::int
                                                                                  AS hotline_closed_on_time
  FROM f GROUP BY street_id
),
callbacks AS (
  SELECT f.street_id, count(*)::int AS callbacks,
         count(*) FILTER (WHERE c.satisfaction <> 'dissatisfied')::int AS callbacks_satisfied
  FROM f JOIN issue_callbacks c ON c.street_id = f.street_id AND c.issue_id = f.id
  GROUP BY f.street_id
)
SELECT s.id, s.code AS key, s.code, s.name, s.area_m2, s.synthetic,
       coalesce(k.total, 0) AS total, coalesce(k.open, 0) AS open, coalesce(k.overdue, 0) AS overdue,
       coalesce(k.closed, 0) AS closed, coalesce(k.answered, 0) AS answered, coalesce(k.due, 0) AS due,
       coalesce(k.deferred, 0) AS deferred, coalesce(k.closed_on_time, 0) AS closed_on_time,
       coalesce(k.reworked, 0) AS reworked, coalesce(k.inspected, 0) AS inspected,
       k.mean_close_h, k.p90_close_h,
       coalesce(cb.callbacks, 0) AS callbacks, coalesce(cb.callbacks_satisfied, 0) AS callbacks_satisfied,
       coalesce(k.hotline_due, 0) AS hotline_due, coalesce(k.hotline_deferred, 0) AS hotline_deferred,
       coalesce(k.hotline_closed_on_time, 0) AS hotline_closed_on_time
FROM s
LEFT JOIN counts k ON k.street_id = s.id
LEFT JOIN callbacks cb ON cb.street_id = s.id
ORDER BY s.code

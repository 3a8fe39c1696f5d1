-- Why: the closed-loop indicators per street, community, grid, group or category ($10) for the issues
-- reported in the window (the shared filters). $9 = now. "due" = deadline passed by now or already
-- closed/answered; answered issues (客观无法整改, leader-approved) are the "deferred" that leave the
-- on-time denominator; closed on time = 销号 no later than the deadline. Merged duplicates
-- (merged_into set) are not cases of their own and are left out. $11 = the grids the reader is limited
-- to (a grid manager's patch; NULL for everyone else).
WITH f AS (
  SELECT i.id, i.status, i.deadline, i.closed_at, i.reported_at, i.rework_count, i.source,
         CASE $10::text WHEN 'community' THEN i.community_code WHEN 'grid' THEN i.grid_code
                        WHEN 'group' THEN i.group_code WHEN 'category' THEN i.category_code
                        ELSE 'street' END AS key
  FROM filtered_issues($1, $2, $3, $4, $5, $6, $7, $8, $11) i
  WHERE i.merged_into IS NULL
), cb AS (
  -- 回访 (issue 13): the window's callbacks per unit, by a join (a hash join over a street's issues,
  -- index lookups for a few) rather than a lookup per issue
  SELECT f.key, count(*)::int AS n, count(*) FILTER (WHERE c.satisfaction <> 'dissatisfied')::int AS satisfied
  FROM f JOIN issue_callbacks c ON c.street_id = $1 AND c.issue_id = f.id
  GROUP BY f.key
), a AS (
SELECT key,
       count(*)::int                                                            AS total,
       count(*) FILTER (WHERE is_open(status))::int                             AS open,
       count(*) FILTER (WHERE is_open(status) AND deadline < $9)::int           AS overdue,
       count(*) FILTER (WHERE status = 'closed')::int                           AS closed,
       count(*) FILTER (WHERE status = 'answered')::int                         AS answered,
       count(*) FILTER (WHERE deadline < $9 OR status IN ('closed', 'answered'))::int AS due,
       count(*) FILTER (WHERE status = 'answered')::int                         AS deferred,
       count(*) FILTER (WHERE status = 'closed' AND closed_at <= deadline)::int AS closed_on_time,
       count(*) FILTER (WHERE rework_count > 0)::int                            AS reworked,
       count(*) FILTER (WHERE status = 'closed' OR rework_count > 0)::int       AS inspected,
       avg(extract(epoch FROM closed_at - reported_at) / 3600)
         FILTER (WHERE status = 'closed')                                       AS mean_close_h,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - reported_at) / 3600)
         FILTER (WHERE status = 'closed')                                       AS p90_close_h,
       -- the 12345 orders' own on-time counts (issue 13)
       count(*) FILTER (WHERE source = 'hotline_12345'
                          AND (deadline < $9 OR status IN ('closed', 'answered')))::int AS hotline_due,
       count(*) FILTER (WHERE source = 'hotline_12345' AND status = 'answered')::int  AS hotline_deferred,
       count(*) FILTER (WHERE source = 'hotline_12345' AND status = 'closed' AND closed_at <= deadline)::int
                                                                                AS hotline_closed_on_time
FROM f
GROUP BY key
)
SELECT a.key, a.total, a.open, a.overdue, a.closed, a.answered, a.due, a.deferred, a.closed_on_time, a.reworked,
       a.inspected, a.mean_close_h, a.p90_close_h, COALESCE(cb.n, 0) AS callbacks,
       COALESCE(cb.satisfied, 0) AS callbacks_satisfied, a.hotline_due, a.hotline_deferred, a.hotline_closed_on_time
FROM a LEFT JOIN cb ON cb.key IS NOT DISTINCT FROM a.key  -- a unit of no 整治组 has key NULL
ORDER BY a.key

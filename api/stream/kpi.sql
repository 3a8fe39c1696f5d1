-- Why: the headline KPIs a wall display shows, recomputed once after a burst of changes and pushed
-- live (整改率 as the contract defines it: closed / (closed + answered + overdue)). $2 = now.
-- The counts by status are the street's all-time rollup rows (grain 'a', migration 0351: one per
-- grid, community, category and status), "overdue" the open issues' partial index (issues_open_ix):
-- a count over every issue of the street took 70 ms at 10⁵ issues on PGlite, about three times a
-- second while reports stream in (docs/performance.md, "One bump per write, the live KPIs from
-- the rollup, shape rows kept per database").
SELECT coalesce(sum(r.n), 0)::int                                       AS total,
       coalesce(sum(r.n) FILTER (WHERE is_open(r.status)), 0)::int      AS open,
       (SELECT count(*)::int FROM issues o
        WHERE o.street_id = $1 AND is_open(o.status) AND o.deadline < $2) AS overdue,
       coalesce(sum(r.n) FILTER (WHERE r.status = 'closed'), 0)::int    AS closed,
       coalesce(sum(r.n) FILTER (WHERE r.status = 'answered'), 0)::int  AS answered
FROM issue_rollup r
WHERE r.street_id = $1 AND r.grain = 'a'

-- Why: the headline KPIs a wall display shows, recomputed once after a burst of changes and pushed
-- live (整改率 as the contract defines it: closed / (closed + answered + overdue)). $2 = now.
SELECT count(*)::int                                                   AS total,
       count(*) FILTER (WHERE is_open(status))::int                    AS open,
       count(*) FILTER (WHERE is_open(status) AND deadline < $2)::int  AS overdue,
       count(*) FILTER (WHERE status = 'closed')::int                  AS closed,
       count(*) FILTER (WHERE status = 'answered')::int                AS answered
FROM issues
WHERE street_id = $1

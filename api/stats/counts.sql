-- Why: the one aggregate behind every statistics endpoint: issue counts per grid and category under
-- the shared filters (api/filters.ts IssueFilter), read from the grid code assigned at write time (the
-- counting rule), never from geometry at request time. :now is "now" for the overdue test, :scope the
-- grids a reader is limited to.
SELECT grid_code,
       category_code,
       count(*)::int                                                     AS total,
       count(*) FILTER (WHERE is_open(status))::int                      AS open,
       count(*) FILTER (WHERE is_open(status) AND deadline < :now)::int  AS overdue,
       count(*) FILTER (WHERE status = 'closed')::int                    AS closed,
       count(*) FILTER (WHERE status = 'answered')::int                  AS answered
FROM filtered_issues(:street, :from, :to, :categories, :statuses, :community, :grid, :bbox, :scope)
GROUP BY grid_code, category_code

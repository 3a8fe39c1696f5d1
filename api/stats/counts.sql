-- Why: the one aggregate behind every statistics endpoint: issue counts per grid and category under
-- the shared filters, read from the grid code assigned at write time (the counting rule), never from
-- geometry at request time. $9 is "now" for the overdue test, $10 the grids a reader is limited to.
SELECT grid_code,
       category_code,
       count(*)::int                                                   AS total,
       count(*) FILTER (WHERE is_open(status))::int                    AS open,
       count(*) FILTER (WHERE is_open(status) AND deadline < $9)::int  AS overdue,
       count(*) FILTER (WHERE status = 'closed')::int                  AS closed,
       count(*) FILTER (WHERE status = 'answered')::int                AS answered
FROM filtered_issues($1, $2, $3, $4, $5, $6, $7, $8, $10)
GROUP BY grid_code, category_code

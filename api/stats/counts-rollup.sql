-- Why: the same counts as counts.sql, read from issue_rollup (migration 0022) instead of the issues:
-- whole local months from the monthly rows, whole days around them from the daily rows, the partial
-- first and last day from issues on the reported_at index (the split is window-split.sql's).
-- "Overdue" (open and past its deadline at $9, which no rollup can know) comes from the partial index
-- of open issues, which holds only the few open ones. Equal to counts.sql for every filter but the
-- bbox, which stays with counts.sql. $1 street, $2/$3 window, $4 categories, $5 statuses,
-- $6 community, $7 grid, $8 the reader's grids, $9 now; $10–$18 the split: use_months, m_lo, m_hi,
-- a_lo, a_hi, b_lo, b_hi, edge_lo_to, edge_hi_from.
WITH keys AS (
  SELECT r.grid_code, r.community_code, r.category_code, r.status, r.n
  FROM issue_rollup r
  WHERE r.street_id = $1 AND r.grain = 'm' AND $10::boolean
    AND ($11::date IS NULL OR r.day >= $11) AND ($12::date IS NULL OR r.day < $12)
  UNION ALL
  SELECT r.grid_code, r.community_code, r.category_code, r.status, r.n
  FROM issue_rollup r
  WHERE r.street_id = $1 AND r.grain = 'd' AND r.day >= $13::date AND r.day < $14::date
  UNION ALL
  SELECT r.grid_code, r.community_code, r.category_code, r.status, r.n
  FROM issue_rollup r
  WHERE r.street_id = $1 AND r.grain = 'd' AND r.day >= $15::date AND r.day < $16::date
), rows AS (
  SELECT k.grid_code, k.category_code, k.status, k.n
  FROM keys k
  WHERE ($4::text[] IS NULL OR k.category_code = ANY ($4))
    AND ($5::text[] IS NULL OR k.status = ANY ($5))
    AND ($6::text IS NULL OR k.community_code = $6)
    AND ($7::text IS NULL OR k.grid_code = $7)
    AND ($8::text[] IS NULL OR k.grid_code = ANY ($8))
  UNION ALL
  SELECT i.grid_code, i.category_code, i.status, 1
  FROM filtered_issues($1, $2, $17::timestamptz, $4, $5, $6, $7, NULL, $8) i
  WHERE $17::timestamptz IS NOT NULL
  UNION ALL
  SELECT i.grid_code, i.category_code, i.status, 1
  FROM filtered_issues($1, $18::timestamptz, $3, $4, $5, $6, $7, NULL, $8) i
  WHERE $18::timestamptz IS NOT NULL
), late AS (
  SELECT i.grid_code, i.category_code, count(*)::int AS overdue
  FROM filtered_issues($1, $2, $3, $4, $5, $6, $7, NULL, $8) i
  WHERE is_open(i.status) AND i.deadline < $9
  GROUP BY i.grid_code, i.category_code
)
SELECT c.grid_code, c.category_code, c.total, c.open, coalesce(l.overdue, 0) AS overdue, c.closed, c.answered
FROM (SELECT grid_code, category_code,
             sum(n)::int                                                  AS total,
             coalesce(sum(n) FILTER (WHERE is_open(status)), 0)::int      AS open,
             coalesce(sum(n) FILTER (WHERE status = 'closed'), 0)::int    AS closed,
             coalesce(sum(n) FILTER (WHERE status = 'answered'), 0)::int  AS answered
      FROM rows GROUP BY grid_code, category_code) c
LEFT JOIN late l ON l.grid_code = c.grid_code AND l.category_code = c.category_code

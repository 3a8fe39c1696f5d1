-- Why: the same counts as counts.sql, read from issue_rollup (migration 0022) instead of the issues:
-- whole local months from the monthly rows, whole days around them from the daily rows, the partial
-- first and last day from issues on the reported_at index (the split is window-split.sql's).
-- "Overdue" (open and past its deadline at :now, which no rollup can know) comes from the partial
-- index of open issues, which holds only the few open ones. Equal to counts.sql for every filter but
-- the bbox, which stays with counts.sql. All time (no bound at all) comes from the all-time rows
-- (grain 'a', migration 0351), one per key, rather than from every month. Inputs: the shared
-- filters (api/filters.ts IssueFilter), :scope the reader's grids, :now, and window-split.sql's columns.
WITH keys AS (
  SELECT r.grid_code, r.community_code, r.category_code, r.status, r.n
  FROM issue_rollup r
  WHERE r.street_id = :street AND r.grain = 'm' AND :use_months::boolean
    AND (:m_lo::date IS NOT NULL OR :m_hi::date IS NOT NULL)
    AND (:m_lo::date IS NULL OR r.day >= :m_lo) AND (:m_hi::date IS NULL OR r.day < :m_hi)
  UNION ALL
  SELECT r.grid_code, r.community_code, r.category_code, r.status, r.n
  FROM issue_rollup r
  WHERE r.street_id = :street AND r.grain = 'a' AND :use_months::boolean
    AND :m_lo::date IS NULL AND :m_hi::date IS NULL
  UNION ALL
  SELECT r.grid_code, r.community_code, r.category_code, r.status, r.n
  FROM issue_rollup r
  WHERE r.street_id = :street AND r.grain = 'd' AND r.day >= :a_lo::date AND r.day < :a_hi::date
  UNION ALL
  SELECT r.grid_code, r.community_code, r.category_code, r.status, r.n
  FROM issue_rollup r
  WHERE r.street_id = :street AND r.grain = 'd' AND r.day >= :b_lo::date AND r.day < :b_hi::date
), rows AS (
  SELECT k.grid_code, k.category_code, k.status, k.n
  FROM keys k
  WHERE (:categories::text[] IS NULL OR k.category_code = ANY (:categories))
    AND (:statuses::text[] IS NULL OR k.status = ANY (:statuses))
    AND (:community::text IS NULL OR k.community_code = :community)
    AND (:grid::text IS NULL OR k.grid_code = :grid)
    AND (:scope::text[] IS NULL OR k.grid_code = ANY (:scope))
  UNION ALL
  SELECT i.grid_code, i.category_code, i.status, 1
  FROM filtered_issues(:street, :from, :edge_lo_to::timestamptz, :categories, :statuses, :community, :grid, NULL, :scope) i
  WHERE :edge_lo_to::timestamptz IS NOT NULL
  UNION ALL
  SELECT i.grid_code, i.category_code, i.status, 1
  FROM filtered_issues(:street, :edge_hi_from::timestamptz, :to, :categories, :statuses, :community, :grid, NULL, :scope) i
  WHERE :edge_hi_from::timestamptz IS NOT NULL
), late AS (
  SELECT i.grid_code, i.category_code, count(*)::int AS overdue
  FROM filtered_issues(:street, :from, :to, :categories, :statuses, :community, :grid, NULL, :scope) i
  WHERE is_open(i.status) AND i.deadline < :now
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

-- Why: how many issues a street has, to choose how to count them (api/stats/counts.ts SCAN_BELOW):
-- the sum of its all-time rollup rows (grain 'a', migration 0351: one per grid, category and status),
-- not a count over the issues.
SELECT coalesce(sum(r.n), 0)::int AS n
FROM issue_rollup r
WHERE r.street_id = :street AND r.grain = 'a'

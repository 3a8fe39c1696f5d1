-- Why: how many issues a street has, to choose how to count them (api/stats/counts.ts SCAN_BELOW):
-- the sum of its monthly rollup rows (a few hundred), not a count over the issues.
SELECT coalesce(sum(r.n), 0)::int AS n
FROM issue_rollup r
WHERE r.street_id = :street AND r.grain = 'm'

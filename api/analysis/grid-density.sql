-- Why: the grids Gi* compares (every grid, zeros included) with their areas; their counts come from
-- the shared per-grid counts (api/stats/counts.ts: the rollup, or the issues for a bbox filter).
SELECT g.code AS grid_code, g.area_m2
FROM grids g
WHERE g.street_id = $1
ORDER BY g.code

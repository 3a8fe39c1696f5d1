-- Why: issues per km² of every grid (zeros included) under the shared filters, from the grid code
-- assigned at write time, as the values Gi* compares.
SELECT g.code AS grid_code, g.area_m2, coalesce(c.n, 0) AS n
FROM grids g
LEFT JOIN (SELECT grid_code, count(*)::int AS n
           FROM filtered_issues($1, $2, $3, $4, $5, $6, $7, $8) GROUP BY grid_code) c ON c.grid_code = g.code
WHERE g.street_id = $1
ORDER BY g.code

-- Why: the grids Gi* compares (every grid, zeros included), each with its area and its neighbours by
-- queen contiguity (grids that share an edge or a vertex), read in one statement so that a map edit
-- cannot fall between the two. Their counts come from the shared per-grid counts (api/stats/counts.ts).
SELECT a.code AS grid_code, a.area_m2,
  array_agg(b.code ORDER BY b.code) FILTER (WHERE b.code IS NOT NULL) AS neighbours
FROM grids a
LEFT JOIN grids b ON b.street_id = a.street_id AND b.code <> a.code AND ST_Intersects(a.geom, b.geom)
WHERE a.street_id = $1
GROUP BY a.code, a.area_m2
ORDER BY a.code

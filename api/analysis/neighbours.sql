-- Why: grid adjacency for Gi*: grids that share an edge or a vertex are neighbours (queen contiguity).
SELECT a.code AS grid_code, array_agg(b.code ORDER BY b.code) FILTER (WHERE b.code IS NOT NULL) AS neighbours
FROM grids a
LEFT JOIN grids b ON b.street_id = a.street_id AND b.code <> a.code AND ST_Intersects(a.geom, b.geom)
WHERE a.street_id = $1
GROUP BY a.code
ORDER BY a.code

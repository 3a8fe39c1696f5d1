-- Why: coverage ratio of the street and of every grid, read from the cache; areas in EPSG:4547 m².
SELECT g.code AS grid_code,
       ST_Area(ST_Transform(g.geom, 4547)) AS area_m2,
       coalesce(cg.covered_m2, 0) AS covered_m2
FROM grids g
LEFT JOIN bike_coverage_grids cg ON cg.street_id = g.street_id AND cg.radius_m = $2 AND cg.grid_code = g.code
WHERE g.street_id = $1
ORDER BY g.code

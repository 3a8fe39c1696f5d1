-- Why: a field point must fall in a grid; the ones outside every grid, and each point's grid.
SELECT p.idx, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat,
       (SELECT g.code FROM onboard_features g WHERE g.layer = 'grids' AND ST_Intersects(g.geom, p.geom) ORDER BY g.code LIMIT 1) AS grid
FROM onboard_features p
WHERE p.layer = 'points'
ORDER BY p.idx

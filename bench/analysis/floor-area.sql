-- Why: the floor of area counts: only reading the rows of the grids the polygon touches, no geometry.
SELECT count(*)::int AS n
FROM issues i
WHERE i.street_id = 1
  AND i.grid_code IN (SELECT g.code FROM grids g
                      WHERE g.street_id = 1 AND ST_Intersects(g.geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)))

-- Why: where the warm-up's issues go (api/load/warm.ts): the first street with a grid, a point
-- inside its first grid with that grid's codes, the street's first category and its group, and
-- whether bike parking (the coverage triggers') is one of its categories.
SELECT g.street_id, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, g.code AS grid_code, g.community_code,
       c.code AS category, c.default_group_code AS group_code,
       EXISTS (SELECT 1 FROM categories b WHERE b.street_id = g.street_id AND b.code = 'bike_parking') AS bike
FROM grids g
CROSS JOIN LATERAL (SELECT ST_PointOnSurface(g.geom) AS geom) p
JOIN LATERAL (SELECT code, default_group_code FROM categories k WHERE k.street_id = g.street_id ORDER BY sort, code LIMIT 1) c ON true
ORDER BY g.street_id, g.code
LIMIT 1

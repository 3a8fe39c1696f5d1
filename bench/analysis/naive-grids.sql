-- Why: the naive peer of per-grid counts: a spatial join of every issue with every grid at request time.
SELECT g.code, i.category_code, count(*)::int AS n
FROM issues i
JOIN grids g ON g.street_id = i.street_id AND ST_Intersects(g.geom, i.geom)
WHERE i.street_id = 1 AND i.reported_at >= $1 AND i.reported_at < $2 AND i.category_code = ANY ($3)
GROUP BY g.code, i.category_code

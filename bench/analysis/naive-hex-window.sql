-- Why: the naive peer of hex bins under a window and categories: ST_HexagonGrid over the street
-- joined to the points of the issues the filter keeps. $1 edge in metres, $2/$3 window, $4 categories.
SELECT h.i, h.j, count(*)::int AS n
FROM (SELECT ST_Transform(boundary, 4547) AS b FROM streets WHERE id = 1) s,
     ST_HexagonGrid($1, s.b) h
JOIN issues i ON i.street_id = 1 AND ST_Intersects(ST_Transform(h.geom, 4326), i.geom)
WHERE i.reported_at >= $2 AND i.reported_at < $3 AND i.category_code = ANY ($4)
GROUP BY h.i, h.j

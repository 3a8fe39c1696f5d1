-- Why: the naive peer of hex bins: ST_HexagonGrid over the street joined to the issues' points.
SELECT h.i, h.j, count(*)::int AS n
FROM (SELECT ST_Transform(boundary, 4547) AS b FROM streets WHERE id = 1) s,
     ST_HexagonGrid($1, s.b) h
JOIN issues i ON i.street_id = 1 AND ST_Intersects(ST_Transform(h.geom, 4326), i.geom)
GROUP BY h.i, h.j

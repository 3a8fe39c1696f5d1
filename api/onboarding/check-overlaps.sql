-- Why: two grids (or two communities) of one street must not share area; each overlap of at least
-- $1 m² is reported with its area and a point inside it.
SELECT a.layer, a.idx AS a_idx, b.idx AS b_idx, a.code AS a_code, b.code AS b_code, o.area_m2,
       ST_X(ST_PointOnSurface(o.geom)) AS lon, ST_Y(ST_PointOnSurface(o.geom)) AS lat
FROM onboard_features a
JOIN onboard_features b ON b.layer = a.layer AND b.idx > a.idx AND ST_Intersects(a.geom, b.geom)
CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 3) AS geom) i
CROSS JOIN LATERAL (SELECT i.geom, ST_Area(i.geom::geography) AS area_m2) o
WHERE a.layer IN ('communities', 'grids') AND o.area_m2 >= $1
ORDER BY a.layer, o.area_m2 DESC

-- Why: a community or grid reaching out of the boundary by at least $1 m² (and a grid out of its
-- community, for the warning), with the area outside and a point in it.
WITH b AS (SELECT ST_Union(geom) AS geom FROM onboard_features WHERE layer = 'boundary')
SELECT f.layer, f.idx, f.code, 'boundary' AS outside_of, o.area_m2, ST_X(ST_PointOnSurface(o.geom)) AS lon, ST_Y(ST_PointOnSurface(o.geom)) AS lat
FROM onboard_features f, b
CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Difference(f.geom, b.geom), 3) AS geom) d
CROSS JOIN LATERAL (SELECT d.geom, ST_Area(d.geom::geography) AS area_m2) o
WHERE f.layer IN ('communities', 'grids') AND o.area_m2 >= $1
UNION ALL
SELECT f.layer, f.idx, f.code, 'community', o.area_m2, ST_X(ST_PointOnSurface(o.geom)), ST_Y(ST_PointOnSurface(o.geom))
FROM onboard_features f
JOIN onboard_features c ON c.layer = 'communities' AND c.code = f.parent
CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Difference(f.geom, c.geom), 3) AS geom) d
CROSS JOIN LATERAL (SELECT d.geom, ST_Area(d.geom::geography) AS area_m2) o
WHERE f.layer = 'grids' AND o.area_m2 >= $1

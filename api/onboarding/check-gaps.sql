-- Why: grids (and communities) must cover the whole boundary; each uncovered piece of at least $1 m²
-- inside the boundary is a gap, reported with its area and a point inside it.
WITH b AS (SELECT ST_Union(geom) AS geom FROM onboard_features WHERE layer = 'boundary'),
cover AS (SELECT layer, ST_Union(geom) AS geom FROM onboard_features WHERE layer IN ('communities', 'grids') GROUP BY layer),
holes AS (
  SELECT c.layer, (ST_Dump(ST_CollectionExtract(ST_Difference(b.geom, c.geom), 3))).geom AS geom
  FROM b, cover c
)
SELECT layer, area_m2, ST_X(p) AS lon, ST_Y(p) AS lat
FROM holes
CROSS JOIN LATERAL (SELECT ST_Area(geom::geography) AS area_m2, ST_PointOnSurface(geom) AS p) m
WHERE area_m2 >= $1
ORDER BY layer, area_m2 DESC

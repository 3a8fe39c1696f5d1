-- Why: thin slivers (4πA/P² below $1 and area below $2 m²) are usually digitising leftovers: parts
-- of a multipolygon that belong to a neighbour.
SELECT f.layer, f.idx, f.code, m.area_m2, ST_X(ST_PointOnSurface(d.geom)) AS lon, ST_Y(ST_PointOnSurface(d.geom)) AS lat
FROM onboard_features f
CROSS JOIN LATERAL ST_Dump(f.geom) d
CROSS JOIN LATERAL (SELECT ST_Area(d.geom::geography) AS area_m2, ST_Perimeter(d.geom::geography) AS p) m
WHERE f.layer IN ('communities', 'grids') AND m.p > 0 AND 4 * pi() * m.area_m2 / (m.p * m.p) < $1 AND m.area_m2 < $2
ORDER BY f.layer, f.idx

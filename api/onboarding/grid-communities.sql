-- Why: a grid without a (known) community attribute belongs to the community it shares most area with.
SELECT g.idx, (SELECT c.idx FROM onboard_features c
               WHERE c.layer = 'communities' AND ST_Intersects(c.geom, g.geom)
               ORDER BY ST_Area(ST_Intersection(c.geom, g.geom)) DESC, c.idx LIMIT 1) AS community
FROM onboard_features g
WHERE g.layer = 'grids'
ORDER BY g.idx

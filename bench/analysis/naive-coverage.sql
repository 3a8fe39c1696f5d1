-- Why: the naive peer of bike coverage: union every zone's buffer at every request, then measure
-- the street and every grid against it.
WITH u AS (
  SELECT ST_Intersection(ST_Transform(s.boundary, 4547), ST_Union(ST_Buffer(ST_Transform(z.geom, 4547), $1, 8))) AS g
  FROM streets s JOIN bike_zones z ON z.street_id = s.id
  WHERE s.id = 1
  GROUP BY s.boundary
)
SELECT g.code, ST_Area(ST_Intersection(ST_Transform(g.geom, 4547), u.g)) AS covered, ST_Area(u.g) AS street_covered
FROM grids g, u
WHERE g.street_id = 1

-- Why: bike-parking issues farther than the walking radius from every zone (exact distance in
-- EPSG:4547 through the projected zone index), clustered with DBSCAN into suggested new zone sites;
-- each site's demand is the uncovered issues within the radius of it, its gain the street area its
-- buffer would add. $3/$4 is the reporting window (NULL = all), $5 the most sites returned.
WITH uncovered AS (
  SELECT ST_Transform(i.geom, 4547) AS p
  FROM filtered_issues($1, $3, $4, ARRAY['bike_parking'], NULL, NULL, NULL, NULL) i
  WHERE NOT EXISTS (SELECT 1 FROM bike_zones z
                    WHERE z.street_id = $1 AND ST_DWithin(ST_Transform(z.geom, 4547), ST_Transform(i.geom, 4547), $2))
), clustered AS (
  SELECT p, ST_ClusterDBSCAN(p, eps => $2 / 2.0, minpoints => 3) OVER () AS cid FROM uncovered
), sites AS (
  SELECT ST_Centroid(ST_Collect(p)) AS site FROM clustered WHERE cid IS NOT NULL GROUP BY cid
), scored AS (
  SELECT s.site,
         (SELECT count(*)::int FROM uncovered u WHERE ST_DWithin(u.p, s.site, $2)) AS demand,
         ST_Area(ST_Difference(ST_Intersection(ST_Buffer(s.site, $2, 8), ST_Transform(st.boundary, 4547)), c.geom)) AS gain_m2
  FROM sites s
  JOIN streets st ON st.id = $1
  JOIN bike_coverage c ON c.street_id = $1 AND c.radius_m = $2
)
SELECT (SELECT count(*)::int FROM uncovered) AS uncovered,
       ST_X(ST_Transform(site, 4326)) AS lon, ST_Y(ST_Transform(site, 4326)) AS lat, demand, gain_m2
FROM (SELECT 1) one
LEFT JOIN LATERAL (SELECT * FROM scored ORDER BY demand DESC, gain_m2 DESC LIMIT $5) t ON true

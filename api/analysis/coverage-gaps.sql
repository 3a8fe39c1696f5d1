-- Why: bike-parking issues farther than the walking radius from every zone (geodesic distance after
-- a bounding-box probe of the zone index), clustered with DBSCAN into suggested new zone sites;
-- each site's demand is the uncovered issues within the radius of it, its gain the street area its
-- buffer would add (the site's lon/lat is the centroid of the same points in 4326: no back-projection). $3/$4 is the reporting window (NULL = all), $5 the most sites returned.
WITH uncovered AS (
  SELECT u.geom, ST_Transform(u.geom, 4547) AS p
  FROM (SELECT i.geom
        FROM filtered_issues($1, $3, $4, ARRAY['bike_parking'], NULL, NULL, NULL, NULL) i
        WHERE NOT EXISTS (SELECT 1 FROM bike_zones z
                          WHERE z.street_id = $1
                            AND z.geom && ST_Expand(i.geom, $2 / (110000 * cos(radians(ST_Y(i.geom)))), $2 / 110000.0)
                            AND ST_DWithin(z.geom::geography, i.geom::geography, $2))
        OFFSET 0) u
), clustered AS (
  SELECT geom, p, ST_ClusterDBSCAN(p, eps => $2 / 2.0, minpoints => 3) OVER () AS cid FROM uncovered
), sites AS (
  SELECT ST_Centroid(ST_Collect(p)) AS site, ST_Centroid(ST_Collect(geom)) AS lonlat
  FROM clustered WHERE cid IS NOT NULL GROUP BY cid
), scored AS (
  SELECT s.site, s.lonlat,
         (SELECT count(*)::int FROM uncovered u WHERE ST_DWithin(u.p, s.site, $2)) AS demand,
         ST_Area(ST_Difference(ST_Intersection(ST_Buffer(s.site, $2, 8), ST_Transform(st.boundary, 4547)), c.geom)) AS gain_m2
  FROM sites s
  JOIN streets st ON st.id = $1
  JOIN bike_coverage c ON c.street_id = $1 AND c.radius_m = $2
)
SELECT (SELECT count(*)::int FROM uncovered) AS uncovered,
       ST_X(lonlat) AS lon, ST_Y(lonlat) AS lat, demand, gain_m2
FROM (SELECT 1) one
LEFT JOIN LATERAL (SELECT * FROM scored ORDER BY demand DESC, gain_m2 DESC LIMIT $5) t ON true

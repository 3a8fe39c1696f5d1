-- Why: the bike-parking issues outside every buffer (their stored EPSG:4547 point not covered by the
-- cached union of buffers, read from the partial bike-parking index), clustered with DBSCAN into
-- suggested new zone sites. A site's demand is the uncovered issues within the radius of it (found
-- through a hash of radius-sized cells, not a scan per site); its gain is the street area its buffer
-- would add, computed only for the sites that can make the list. Also returns the coverage version
-- the answer belongs to, read in the same snapshot. $3/$4 reporting window (NULL = all), $5 the most
-- sites returned.
WITH c AS (
  SELECT b.geom, b.version FROM bike_coverage b WHERE b.street_id = $1 AND b.radius_m = $2
), uncovered AS (
  SELECT i.x_m AS x, i.y_m AS y, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547) AS p
  FROM issues i, c
  WHERE i.street_id = $1 AND i.category_code = 'bike_parking'
    AND ($3::timestamptz IS NULL OR i.reported_at >= $3)
    AND ($4::timestamptz IS NULL OR i.reported_at < $4)
    AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))
), clustered AS (
  SELECT x, y, p, ST_ClusterDBSCAN(p, eps => $2 / 2.0, minpoints => 3) OVER () AS cid FROM uncovered
), sites AS (
  SELECT cid, avg(x) AS x, avg(y) AS y FROM clustered WHERE cid IS NOT NULL GROUP BY cid
), cells AS (
  SELECT x, y, floor(x / $2)::int AS cx, floor(y / $2)::int AS cy FROM uncovered
), demand AS (
  SELECT s.cid, s.x, s.y, count(u.x)::int AS demand
  FROM sites s
  CROSS JOIN (VALUES (-1), (0), (1)) dx(d)
  CROSS JOIN (VALUES (-1), (0), (1)) dy(d)
  JOIN cells u ON u.cx = floor(s.x / $2)::int + dx.d AND u.cy = floor(s.y / $2)::int + dy.d
             AND (u.x - s.x) ^ 2 + (u.y - s.y) ^ 2 <= ($2::float8) ^ 2
  GROUP BY s.cid, s.x, s.y
), top AS (
  -- Only sites at least as strong as the $5-th strongest can be listed (ties then go by gain).
  SELECT * FROM demand
  WHERE demand >= coalesce((SELECT demand FROM demand ORDER BY demand DESC OFFSET $5 - 1 LIMIT 1), 0)
), scored AS (
  SELECT t.demand, ST_Transform(ST_SetSRID(ST_MakePoint(t.x, t.y), 4547), 4326) AS lonlat,
         ST_Area(ST_Difference(ST_Intersection(ST_Buffer(ST_SetSRID(ST_MakePoint(t.x, t.y), 4547), $2, 8),
                                               ST_Transform(st.boundary, 4547)), c.geom)) AS gain_m2
  FROM top t
  JOIN streets st ON st.id = $1
  CROSS JOIN c
)
SELECT (SELECT version FROM c) AS version, (SELECT count(*)::int FROM uncovered) AS uncovered,
       ST_X(lonlat) AS lon, ST_Y(lonlat) AS lat, demand, gain_m2
FROM (SELECT 1) one
LEFT JOIN LATERAL (SELECT * FROM scored ORDER BY demand DESC, gain_m2 DESC LIMIT $5) t ON true

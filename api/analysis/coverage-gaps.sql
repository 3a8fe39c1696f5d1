-- Why: the bike-parking issues outside every buffer (their stored EPSG:4547 point not covered by the
-- cached union of buffers, read from the partial bike-parking index), clustered with DBSCAN into
-- suggested new zone sites. A site's demand is the uncovered issues within the radius of it (found
-- through a hash of radius-sized cells, not a scan per site); its gain is the street area its buffer
-- would add, computed only for the sites that can make the list, against the coverage clipped to the
-- buffer's box first; only the listed sites are projected back to lon/lat. Also returns the coverage version the answer belongs to, read in the same snapshot.
-- $3/$4 reporting window (NULL = all), $5 the most sites returned.
WITH c AS MATERIALIZED (
  -- ST_Force2D returns the coverage detoasted once; read straight from the table, every
  -- point-in-polygon test below would decompress it again (40 µs a point at 10⁵ issues).
  SELECT ST_Force2D(b.geom) AS geom, b.version FROM bike_coverage b WHERE b.street_id = $1 AND b.radius_m = $2
), s AS MATERIALIZED (
  SELECT ST_Transform(st.boundary, 4547) AS outline FROM streets st WHERE st.id = $1
), uncovered AS (
  SELECT i.x_m AS x, i.y_m AS y, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547) AS p
  FROM issues i, c
  WHERE i.street_id = $1 AND i.category_code = 'bike_parking'
    AND ($3::timestamptz IS NULL OR i.reported_at >= $3)
    AND ($4::timestamptz IS NULL OR i.reported_at < $4)
    AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))
), clustered AS (
  SELECT x, y, ST_ClusterDBSCAN(p, eps => $2 / 2.0, minpoints => 3) OVER () AS cid FROM uncovered
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
             AND (u.x - s.x) * (u.x - s.x) + (u.y - s.y) * (u.y - s.y) <= $2::float8 * $2::float8
  GROUP BY s.cid, s.x, s.y
), top AS (
  -- Only sites at least as strong as the $5-th strongest can be listed (ties then go by gain).
  SELECT *, ST_Buffer(ST_SetSRID(ST_MakePoint(x, y), 4547), $2, 8) AS buf FROM demand
  WHERE demand >= coalesce((SELECT demand FROM demand ORDER BY demand DESC OFFSET $5 - 1 LIMIT 1), 0)
), scored AS (
  SELECT t.cid, t.x, t.y, t.demand,
         ST_Area(ST_Difference(ST_Intersection(t.buf, s.outline),
                               ST_Intersection(c.geom, ST_Expand(ST_Envelope(t.buf), 1)))) AS gain_m2
  FROM top t CROSS JOIN s CROSS JOIN c
), listed AS (
  SELECT * FROM scored ORDER BY demand DESC, gain_m2 DESC LIMIT $5
), lonlat AS (
  SELECT l.cid, ST_X(g) AS lon, ST_Y(g) AS lat
  FROM listed l, LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(l.x, l.y), 4547), 4326) AS g OFFSET 0) t
)
SELECT (SELECT version FROM c) AS version, (SELECT count(*)::int FROM uncovered) AS uncovered,
       t.lon, t.lat, t.demand, t.gain_m2
FROM (SELECT 1) one
LEFT JOIN LATERAL (SELECT l.demand, l.gain_m2, ll.lon, ll.lat FROM listed l JOIN lonlat ll ON ll.cid = l.cid
                   ORDER BY l.demand DESC, l.gain_m2 DESC) t ON true

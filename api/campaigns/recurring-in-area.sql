-- Why: the 顽疾 inside a campaign's area: api/analysis/recurring.sql (DBSCAN at 30 m per category,
-- $5 issues at least, recurrences after the first 销号) over the issues inside the area $7 (hex EWKB
-- or GeoJSON) only, found by the GiST index instead of clustering the whole street. A cluster that
-- straddles the area's edge keeps only its part inside. $2/$3 window, $4 categories, $6 the most
-- clusters returned. On a large street the same clusters come from recurring-in-area-cells.sql.
WITH pts AS (
  SELECT i.category_code, i.geom, i.reported_at, i.closed_at, i.status, ST_Transform(i.geom, 4547) AS p
  FROM issues i
  WHERE i.street_id = $1
    AND ST_Intersects(ST_SetSRID($7::geometry, 4326), i.geom)
    AND ($2::timestamptz IS NULL OR i.reported_at >= $2)
    AND ($3::timestamptz IS NULL OR i.reported_at < $3)
    AND ($4::text[] IS NULL OR i.category_code = ANY ($4))
  OFFSET 0
), clustered AS (
  SELECT *, ST_ClusterDBSCAN(p, eps => 30, minpoints => $5) OVER (PARTITION BY category_code) AS cid FROM pts
), marked AS (
  SELECT *, min(closed_at) FILTER (WHERE status = 'closed') OVER (PARTITION BY category_code, cid) AS first_closed
  FROM clustered WHERE cid IS NOT NULL
)
SELECT category_code, count(*)::int AS issues,
       count(*) FILTER (WHERE reported_at > first_closed)::int AS recurred_after_close,
       count(*) FILTER (WHERE is_open(status))::int AS open,
       ST_X(ST_Centroid(ST_Collect(geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom))) AS lat,
       min(reported_at) AS first_at, max(reported_at) AS last_at
FROM marked
GROUP BY category_code, cid
HAVING count(*) >= $5
ORDER BY issues DESC, recurred_after_close DESC, category_code
LIMIT $6

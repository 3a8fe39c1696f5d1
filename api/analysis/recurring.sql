-- Why: 顽疾 (recurring problems): places where the same category keeps coming back. Issues of one
-- category are clustered with DBSCAN at 30 m (EPSG:4547) needing $5 issues; each cluster reports its
-- size, centre and how many of its issues were reported after the first one of them was 销号 (closed).
-- $2/$3 window, $4 categories, $6 the most clusters returned.
WITH pts AS (
  SELECT i.category_code, i.geom, i.reported_at, i.closed_at, i.status, ST_Transform(i.geom, 4547) AS p
  FROM filtered_issues($1, $2, $3, $4, NULL, NULL, NULL, NULL) i
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

-- Why: the 顽疾 inside a campaign's area on a large street (recurring-in-area.sql, the same clusters,
-- fetches each issue from the table: at 10⁶ issues ~50,000 over ~30,000 pages, most of a second):
-- api/analysis/recurring.sql (DBSCAN at 30 m per category,
-- $5 issues at least, recurrences after the first 销号) over the issues inside the area $7 (hex EWKB
-- or GeoJSON) only. A cluster that straddles the area's edge keeps only its part inside. The issues
-- are read from the 10 m cell index alone (0023, closed_at added by 0331) over the 10 m cells that
-- touch the area, each cell one index lookup: those more than 0.1 m inside (outside) the projected
-- area are in (out) for certain, only those within 0.1 m of its edge are tested exactly on their
-- stored lon/lat point, as api/analysis/area-counts.sql does. The clustered points are the stored
-- EPSG:4547 coordinates (x_m, y_m are ST_Transform(geom, 4547) itself), and a cluster's centre is
-- the centroid of those, back in lon/lat. $2/$3 window, $4 categories, $6 the most clusters returned.
WITH a AS MATERIALIZED (
  SELECT g, p, ST_Buffer(p, -0.1) AS p_in, ST_Buffer(p, 0.1) AS p_out
  FROM (SELECT g, ST_Transform(ST_Segmentize(g, 0.001), 4547) AS p
        FROM (SELECT ST_SetSRID($7::geometry, 4326) AS g) x) y
), cells AS MATERIALIZED (
  -- typed as the index's expressions (floor of a double), so that each cell is one index lookup
  SELECT i::float8 AS i, j::float8 AS j,
         ST_Within(ST_MakeEnvelope(i * 10, j * 10, i * 10 + 10, j * 10 + 10, 4547), a.p_in) AS inside
  FROM a,
       generate_series(floor(ST_XMin(a.p_out) / 10)::int, floor(ST_XMax(a.p_out) / 10)::int) i,
       generate_series(floor(ST_YMin(a.p_out) / 10)::int, floor(ST_YMax(a.p_out) / 10)::int) j
  WHERE ST_Intersects(ST_MakeEnvelope(i * 10, j * 10, i * 10 + 10, j * 10 + 10, 4547), a.p_out)
), pts AS (
  SELECT s.category_code, s.reported_at, s.closed_at, s.status, ST_Point(s.x_m, s.y_m, 4547) AS p
  FROM cells c
  CROSS JOIN a
  CROSS JOIN LATERAL (
    SELECT s.id, s.x_m, s.y_m, s.category_code, s.reported_at, s.closed_at, s.status
    FROM issues s
    WHERE s.street_id = $1 AND floor(s.x_m / 10) = c.i AND floor(s.y_m / 10) = c.j
      AND ($2::timestamptz IS NULL OR s.reported_at >= $2)
      AND ($3::timestamptz IS NULL OR s.reported_at < $3)
      AND ($4::text[] IS NULL OR s.category_code = ANY ($4))
    OFFSET 0 -- kept apart: one index lookup per cell, never the street's index merged against the cells
  ) s
  WHERE c.inside
     OR ST_Intersects(a.p_in, ST_Point(s.x_m, s.y_m, 4547))
     OR (ST_Intersects(a.p_out, ST_Point(s.x_m, s.y_m, 4547))
         AND ST_Intersects(a.g, (SELECT t.geom FROM issues t WHERE t.street_id = $1 AND t.id = s.id)))
), clustered AS (
  SELECT *, ST_ClusterDBSCAN(p, eps => 30, minpoints => $5) OVER (PARTITION BY category_code) AS cid FROM pts
), marked AS (
  SELECT *, min(closed_at) FILTER (WHERE status = 'closed') OVER (PARTITION BY category_code, cid) AS first_closed
  FROM clustered WHERE cid IS NOT NULL
), places AS (
  SELECT category_code, count(*)::int AS issues,
         count(*) FILTER (WHERE reported_at > first_closed)::int AS recurred_after_close,
         count(*) FILTER (WHERE is_open(status))::int AS open,
         ST_Transform(ST_Centroid(ST_Collect(p)), 4326) AS centre,
         min(reported_at) AS first_at, max(reported_at) AS last_at
  FROM marked
  GROUP BY category_code, cid
  HAVING count(*) >= $5
  ORDER BY issues DESC, recurred_after_close DESC, category_code
  LIMIT $6
)
SELECT category_code, issues, recurred_after_close, open, ST_X(centre) AS lon, ST_Y(centre) AS lat, first_at, last_at
FROM places
ORDER BY issues DESC, recurred_after_close DESC, category_code

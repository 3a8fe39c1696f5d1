-- Why: issues inside an area per category and status, for one window, when the area holds few issues
-- (area.ts decides): the GiST index on the issue points finds the candidates, ST_Intersects decides.
-- Below a few thousand candidates this beats the cell quadtree (area-counts.sql), which costs
-- ~7 ms however few issues the area holds (measured 2026-11-23: 2,054 issues inside, 6.4 ms here
-- against 7.4 ms by cells; 12,436 inside, 26 ms against 17 ms). :shape the area (geometry text: the clipped
-- polygon's hex EWKB, or GeoJSON), :from/:to the window, :categories, :now for overdue. Sent through
-- db/many-rows.ts: as rows to a server (a one-row JSON wrapper added 0.03 ms of ~0.5 at 10³ issues),
-- as one JSON value on PGlite, where an empty answer may be its silent failure.
-- The grouping sets with an empty set (the grand total, dropped by HAVING) make the server group by
-- hashing: for a plain GROUP BY it sorts the 100–3,000 rows first, 0.03 ms of 0.5 at 10³ issues and
-- 0.15 of 3.6 at 10⁵ (docs/performance.md, "The area's GiST count as rows, grouped by hashing").
SELECT i.category_code, i.status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(i.status) AND i.deadline < :now)::int AS overdue
FROM issues i
WHERE i.street_id = :street
  AND ST_Intersects(ST_SetSRID(:shape::geometry, 4326), i.geom)
  AND (:from::timestamptz IS NULL OR i.reported_at >= :from)
  AND (:to::timestamptz IS NULL OR i.reported_at < :to)
  AND (:categories::text[] IS NULL OR i.category_code = ANY (:categories))
GROUP BY GROUPING SETS ((i.category_code, i.status), ())
HAVING GROUPING(i.category_code) = 0

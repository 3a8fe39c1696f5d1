-- Why: issues inside an area per category and status on a street too large for one scan, when the
-- area holds few issues (area.ts decides), from btree indexes alone. The GiST count
-- (area-counts-gist.sql, the naive query's plan) fetches the heap page of every issue in the area's
-- box, ~1 µs each; an index entry here costs ~0.1–0.8 µs. Candidates come from one of two indexes:
-- - :by_time, a short window: the street's issues of the window (issues_bins_ix: time, projected
--   point, category, status), kept when inside the area's box;
-- - otherwise the area's 80 m cells (issues_cell80_time_ix: one range of rows per column of cells,
--   the window tested on the entry).
-- Each candidate is kept when inside the polygon in EPSG:4547 shrunk by 0.1 m, dropped when outside
-- it grown by 0.1 m; only those in between fetch their point (by time and projected point: the
-- indexes hold no id, and issues that share both share their point) and are tested exactly, as
-- area-counts.sql's edge cells do. Overdue (open and past :now) from the open issues' index
-- (issues_open_xy_ix). docs/performance.md, "An area's count from btree indexes alone".
-- :shape the area (geometry text), :p_in/:p_out its projected outline shrunk and grown (hex EWKB),
-- :box that outline's box in metres, :from/:to the window (either may be open), :categories, :now.
WITH a AS (
  SELECT ST_SetSRID(:shape::geometry, 4326) AS g, :p_in::geometry AS p_in, :p_out::geometry AS p_out,
         (:box::float8[])[1] AS x0, (:box::float8[])[2] AS y0, (:box::float8[])[3] AS x1, (:box::float8[])[4] AS y1,
         coalesce(:from::timestamptz, '-infinity') AS t0, coalesce(:to::timestamptz, 'infinity') AS t1
), candidates AS (
  SELECT i.category_code, i.status, i.reported_at, i.x_m, i.y_m
  FROM a JOIN issues i
    ON i.street_id = :street AND i.reported_at >= a.t0 AND i.reported_at < a.t1
   AND i.x_m BETWEEN a.x0 AND a.x1 AND i.y_m BETWEEN a.y0 AND a.y1
  WHERE :by_time::boolean
  UNION ALL
  SELECT i.category_code, i.status, i.reported_at, i.x_m, i.y_m
  FROM a JOIN issues i
    ON i.street_id = :street AND i.x_m IS NOT NULL
   AND floor(i.x_m / 80) = ANY (ARRAY(SELECT generate_series(floor((:box::float8[])[1] / 80)::int, floor((:box::float8[])[3] / 80)::int)::float8))
   AND floor(i.y_m / 80) BETWEEN floor((:box::float8[])[2] / 80) AND floor((:box::float8[])[4] / 80)
   AND i.reported_at >= a.t0 AND i.reported_at < a.t1
   AND i.x_m BETWEEN a.x0 AND a.x1 AND i.y_m BETWEEN a.y0 AND a.y1
  WHERE NOT :by_time::boolean
), hits AS (
  SELECT c.category_code, c.status, count(*)::int AS n
  FROM a, candidates c
  WHERE (:categories::text[] IS NULL OR c.category_code = ANY (:categories))
    AND (ST_Intersects(a.p_in, ST_Point(c.x_m, c.y_m, 4547))
         OR (ST_Intersects(a.p_out, ST_Point(c.x_m, c.y_m, 4547))
             -- the exact test outside the subquery's condition: the lookup goes by the time index
             AND (SELECT bool_or(ST_Intersects(a.g, t.geom)) FROM issues t
                  WHERE t.street_id = :street AND t.reported_at = c.reported_at AND t.x_m = c.x_m AND t.y_m = c.y_m)))
  -- grouped by hashing, as area-counts-gist.sql says why
  GROUP BY GROUPING SETS ((c.category_code, c.status), ())
  HAVING GROUPING(c.category_code) = 0
), late AS (
  SELECT o.category_code, o.status, count(*)::int AS overdue
  FROM a JOIN issues o
    ON o.street_id = :street AND is_open(o.status) AND o.deadline < :now
   AND o.reported_at >= a.t0 AND o.reported_at < a.t1
   AND o.x_m BETWEEN a.x0 AND a.x1 AND o.y_m BETWEEN a.y0 AND a.y1
  WHERE (:categories::text[] IS NULL OR o.category_code = ANY (:categories))
    AND (ST_Intersects(a.p_in, ST_Point(o.x_m, o.y_m, 4547))
         OR (ST_Intersects(a.p_out, ST_Point(o.x_m, o.y_m, 4547))
             AND ST_Intersects(a.g, (SELECT e.geom FROM issues e WHERE e.street_id = :street AND e.id = o.id))))
  GROUP BY o.category_code, o.status
)
SELECT h.category_code, h.status, h.n, coalesce(l.overdue, 0) AS overdue
FROM hits h LEFT JOIN late l ON l.category_code = h.category_code AND l.status = h.status

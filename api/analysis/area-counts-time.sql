-- Why: issues inside an area per category and status for a short window (area.ts decides: the
-- street's issues of the window are few beside the issues in the area's box of all time), from the
-- time index alone. The GiST count (area-counts-gist.sql) reads every issue of all time in the
-- area's box and then the heap page of each one of the window; here the window's index entries
-- (issues_bins_ix: the projected point, category and status beside the time) are kept when inside
-- the polygon in EPSG:4547 shrunk by 0.1 m, dropped when outside it grown by 0.1 m, and only those
-- in between fetch their point and are tested exactly (as area-counts.sql's edge cells do). They are
-- fetched by their time and projected point (the index holds no id): issues that share both share
-- their point. Overdue (open and past :now) comes from the open issues' index (issues_open_xy_ix).
-- 30-day window, 10⁴ issues, server: 0.3 against 0.4 ms executing, its plan kept
-- (docs/performance.md, "A short window's area count from the time index").
-- :shape the area (geometry text), :p_in/:p_out its projected outline shrunk and grown (hex EWKB),
-- :box that outline's box in metres, :from/:to the window (either may be open), :categories, :now.
WITH a AS (
  SELECT ST_SetSRID(:shape::geometry, 4326) AS g, :p_in::geometry AS p_in, :p_out::geometry AS p_out,
         (:box::float8[])[1] AS x0, (:box::float8[])[2] AS y0, (:box::float8[])[3] AS x1, (:box::float8[])[4] AS y1,
         coalesce(:from::timestamptz, '-infinity') AS t0, coalesce(:to::timestamptz, 'infinity') AS t1
), hits AS (
  SELECT i.category_code, i.status, count(*)::int AS n
  FROM a JOIN issues i
    ON i.street_id = :street AND i.reported_at >= a.t0 AND i.reported_at < a.t1
   AND i.x_m BETWEEN a.x0 AND a.x1 AND i.y_m BETWEEN a.y0 AND a.y1
  WHERE (:categories::text[] IS NULL OR i.category_code = ANY (:categories))
    AND (ST_Intersects(a.p_in, ST_Point(i.x_m, i.y_m, 4547))
         OR (ST_Intersects(a.p_out, ST_Point(i.x_m, i.y_m, 4547))
             AND EXISTS (SELECT FROM issues t
                         WHERE t.street_id = :street AND t.reported_at = i.reported_at AND t.x_m = i.x_m AND t.y_m = i.y_m
                           AND ST_Intersects(a.g, t.geom))))
  -- grouped by hashing, as area-counts-gist.sql says why
  GROUP BY GROUPING SETS ((i.category_code, i.status), ())
  HAVING GROUPING(i.category_code) = 0
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

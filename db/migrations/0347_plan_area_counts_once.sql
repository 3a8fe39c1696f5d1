-- Why: an area's count by cells (api/analysis/area-counts.sql until now) was planned at every run:
-- on PGlite an analysis's statements are planned for their values (db/pglite.ts), and a server
-- plans an unnamed statement each time. Its planning took 3.5 ms of a 30-day window's 20 ms at 10⁶
-- issues on PGlite and as much on the server, three times in an analysis with before/after
-- (docs/performance.md, "An area's window from its 80 m cells"). As a PL/pgSQL function its plan is
-- kept per connection, and it is a generic one (plan_cache_mode): every part is keyed by the
-- leaves and cells it is given, the window's months and spans are read once into values the index
-- scans take (issue_cells_window), and the null tests of the window and categories are cheap
-- filters. It answers what the statement answered, with the same thirteen inputs (area-counts.sql
-- now calls it).
--
-- What it computes:
-- issues inside an area per category and status, for one window, without reading every issue
-- inside it, by the area's quadtree of cells (area-leaves.sql: whole leaves of 10–160 m inside the
-- polygon with a 1 m margin, and 10 m edge leaves; the cells of issue_cells, migration 0028). Whole
-- cells of 20–160 m are summed from issue_cells (all time, or the window's whole local months; the
-- rest of the window comes from the 80 m cells' time index (migration 0345), one range scan per
-- 80 m cell the leaves lie in: a cell whose every 10 m cell is in a whole leaf counts all its issues,
-- in the others each issue is placed in its 10 m cell arithmetically). Whole
-- 10 m cells are counted from the 10 m cell index (0023); in the 10 m cells the edge crosses, only
-- issues within 0.1 m of the edge are tested exactly with ST_Intersects on their stored point. Both
-- margins are far above the distance between the polygon's lon/lat edges and its projected ones, so
-- they never change an answer. "Overdue" (open and past its deadline at $6) comes from the open
-- issues' index, placed the same way. $1 street, $2 the area (geometry text: the clipped polygon's
-- hex EWKB, or GeoJSON), $3/$4 window, $5 categories, $6 now; its leaves as area-leaves.sql answers
-- them: $7 sizes, $8 columns, $9 rows, $10 whole or edge, $11/$12 the projected polygon shrunk and
-- grown by 0.1 m, $13 its box. One row, its rows as JSON, so that an empty answer can only mean a
-- failure (db/single.ts).
CREATE FUNCTION area_counts_by_cells(integer, text, timestamptz, timestamptz, text[], timestamptz,
                                     integer[], integer[], integer[], boolean[], text, text, float8[])
RETURNS TABLE (rows json)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $fn$
BEGIN
  RETURN QUERY
  WITH a AS (
    SELECT ST_SetSRID($2::geometry, 4326) AS g, $11::geometry AS p_in, $12::geometry AS p_out
  ), leaves AS MATERIALIZED (
    SELECT * FROM unnest($7::int[], $8::int[], $9::int[], $10::boolean[]) AS l (size_m, ci, cj, inside)
  ), cells10 AS MATERIALIZED (
    -- Every leaf as the 10 m cells it is made of, so that an issue is placed by one equality on its
    -- 10 m cell (a hash join) rather than by trying each size.
    SELECT l.size_m, l.inside, l.ci * (l.size_m / 10) + di AS i, l.cj * (l.size_m / 10) + dj AS j
    FROM leaves l, generate_series(0, l.size_m / 10 - 1) di, generate_series(0, l.size_m / 10 - 1) dj
  ), c80 AS MATERIALIZED (
    -- The 80 m cells the whole 20–160 m leaves lie in, and whether those fill it (64 of its 10 m cells;
    -- leaves never overlap).
    SELECT floor(b.i / 8.0)::int AS ci, floor(b.j / 8.0)::int AS cj, count(*) = 64 AS whole
    FROM cells10 b WHERE b.inside AND b.size_m >= 20 GROUP BY 1, 2
  ), w AS MATERIALIZED (
    -- How the window reads issue_cells (migration 0028), and the polygon's box in metres.
    SELECT k.*, ($13::float8[])[1] AS x0, ($13::float8[])[2] AS y0, ($13::float8[])[3] AS x1, ($13::float8[])[4] AS y1
    FROM issue_cells_window($1, $3, $4) k
  ), spans AS MATERIALIZED (
    -- The window's spans outside whole months (none for all time or whole months only).
    SELECT e.f, e.t FROM w CROSS JOIN LATERAL (VALUES (w.s1_from, w.s1_to), (w.s2_from, w.s2_to)) e (f, t)
    WHERE e.f IS NOT NULL
  ), hits AS (
    -- Whole 20–160 m cells: their whole months (or all time) from the rollup.
    SELECT c.category_code, c.status, c.n
    FROM leaves b
    -- The window's values as scalar subqueries (run once, before the scan), so that the grain and the
    -- months bound the index scan of each cell instead of filtering it.
    JOIN issue_cells c ON c.street_id = $1 AND c.size_m = b.size_m AND c.grain = (SELECT grain FROM w)
      AND c.ci = b.ci AND c.cj = b.cj AND c.month >= (SELECT lo FROM w) AND c.month < (SELECT hi FROM w)
    WHERE b.inside AND b.size_m >= 20
      AND ($5::text[] IS NULL OR c.category_code = ANY ($5))
    UNION ALL
    -- Whole 20–160 m cells: the window outside whole months, from the 80 m cells' time index (0345);
    -- an 80 m cell whose every 10 m cell lies in a whole leaf counts all its issues of the span (read
    -- before, the street's whole window was read from the time index and kept in the box: 86,000
    -- entries for 10,600 at 10⁶).
    SELECT s.category_code, s.status, s.n
    FROM spans e
    -- (c80 is read only for a span that exists, through the reference to e: a window of whole
    -- months never builds it)
    CROSS JOIN LATERAL (SELECT c.* FROM c80 c WHERE c.whole AND e.f IS NOT NULL OFFSET 0) c
    CROSS JOIN LATERAL (
      SELECT s.category_code, s.status, count(*)::int AS n FROM issues s
      WHERE s.street_id = $1 AND floor(s.x_m / 80) = c.ci AND floor(s.y_m / 80) = c.cj
        AND s.reported_at >= e.f AND s.reported_at < e.t
        AND ($5::text[] IS NULL OR s.category_code = ANY ($5))
      GROUP BY 1, 2) s
    UNION ALL
    -- and in the other 80 m cells, each issue placed in its 10 m cell by arithmetic.
    SELECT s.category_code, s.status, 1
    FROM spans e
    CROSS JOIN LATERAL (SELECT c.* FROM c80 c WHERE NOT c.whole AND e.f IS NOT NULL OFFSET 0) c
    CROSS JOIN LATERAL (
      SELECT s.x_m, s.y_m, s.category_code, s.status FROM issues s
      WHERE s.street_id = $1 AND floor(s.x_m / 80) = c.ci AND floor(s.y_m / 80) = c.cj
        AND s.reported_at >= e.f AND s.reported_at < e.t
        AND ($5::text[] IS NULL OR s.category_code = ANY ($5))
      OFFSET 0) s
    JOIN cells10 b ON b.inside AND b.size_m >= 20 AND b.i = floor(s.x_m / 10)::int AND b.j = floor(s.y_m / 10)::int
    UNION ALL
    -- Whole 10 m cells, from the cell index alone.
    SELECT s.category_code, s.status, 1
    FROM leaves f
    JOIN issues s ON s.street_id = $1 AND floor(s.x_m / 10) = f.ci AND floor(s.y_m / 10) = f.cj
    WHERE f.inside AND f.size_m = 10
      AND ($3::timestamptz IS NULL OR s.reported_at >= $3)
      AND ($4::timestamptz IS NULL OR s.reported_at < $4)
      AND ($5::text[] IS NULL OR s.category_code = ANY ($5))
    UNION ALL
    -- 10 m cells the edge crosses: an issue more than 0.1 m inside (outside) the polygon in EPSG:4547
    -- is in (out) for certain, from the index alone; only those within 0.1 m of the edge fetch their
    -- point and are tested exactly with ST_Intersects.
    SELECT s.category_code, s.status, 1
    FROM leaves e
    JOIN issues s ON s.street_id = $1 AND floor(s.x_m / 10) = e.ci AND floor(s.y_m / 10) = e.cj
    CROSS JOIN a
    WHERE NOT e.inside
      AND ($3::timestamptz IS NULL OR s.reported_at >= $3)
      AND ($4::timestamptz IS NULL OR s.reported_at < $4)
      AND ($5::text[] IS NULL OR s.category_code = ANY ($5))
      AND (ST_Intersects(a.p_in, ST_Point(s.x_m, s.y_m, 4547))
           OR (ST_Intersects(a.p_out, ST_Point(s.x_m, s.y_m, 4547))
               AND ST_Intersects(a.g, (SELECT t.geom FROM issues t WHERE t.street_id = $1 AND t.id = s.id))))
  ), late AS (
    -- Open issues past their deadline, placed in their leaf; on an edge leaf, tested exactly.
    SELECT o.category_code, o.status, count(*)::int AS overdue
    FROM issues o
    JOIN cells10 l ON l.i = floor(o.x_m / 10)::int AND l.j = floor(o.y_m / 10)::int
    WHERE o.street_id = $1 AND is_open(o.status) AND o.deadline < $6
      AND o.x_m BETWEEN (SELECT x0 FROM w) AND (SELECT x1 FROM w) AND o.y_m BETWEEN (SELECT y0 FROM w) AND (SELECT y1 FROM w)
      AND ($3::timestamptz IS NULL OR o.reported_at >= $3)
      AND ($4::timestamptz IS NULL OR o.reported_at < $4)
      AND ($5::text[] IS NULL OR o.category_code = ANY ($5))
      -- The index places every open issue; only those on an edge leaf fetch their point.
      AND (l.inside OR ST_Intersects((SELECT g FROM a), (SELECT e.geom FROM issues e WHERE e.street_id = $1 AND e.id = o.id)))
    GROUP BY o.category_code, o.status
  )
  SELECT coalesce(json_agg(r), '[]') AS rows FROM (
  SELECT h.category_code, h.status, h.n, coalesce(l.overdue, 0) AS overdue
  FROM (SELECT category_code, status, sum(n)::int AS n FROM hits GROUP BY 1, 2 HAVING sum(n) > 0) h
  LEFT JOIN late l ON l.category_code = h.category_code AND l.status = h.status) r;
END
$fn$;

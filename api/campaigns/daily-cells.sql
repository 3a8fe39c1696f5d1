-- Why: the campaign's daily line — new issues per day and the change of the open count per day —
-- from the day rollup (migration 0330) instead of replaying the audit trail of every issue in the
-- area (api/campaigns/daily.sql, kept as the independent formulation the tests compare with). The
-- polygon is cut into the quadtree of EPSG:4547 cells that api/analysis/area-counts.sql uses (160 m
-- down to 10 m; a cell inside the polygon with a 1 m margin is taken whole): whole 40 and 160 m cells
-- are summed from issue_day_cells, whole 10 and 20 m cells from the marks' 10 m cell index, and in the
-- 10 m cells the edge crosses an issue's marks count when its point is inside (within 0.1 m of the
-- edge, tested exactly on its stored lon/lat point). Day k is the k-th local day from $3's; everything
-- before lands in day −1, the count carried in. $1 street, $2 the area (hex EWKB or GeoJSON), $3 the
-- first day's start, $4 the end of the last day (local midnights), $5 categories. One row, its rows
-- as JSON (api/analysis/single.ts).
WITH RECURSIVE a AS (
  SELECT g, p, ST_Buffer(p, -0.1) AS p_in, ST_Buffer(p, 0.1) AS p_out, sb, d0, d1
  FROM (SELECT g, ST_Transform(ST_Segmentize(g, 0.001), 4547) AS p,
               ST_Expand(ST_Envelope(ST_Transform(s.boundary, 4547)), 10) AS sb,
               ($3::timestamptz AT TIME ZONE s.timezone)::date AS d0,
               ($4::timestamptz AT TIME ZONE s.timezone)::date AS d1
        FROM (SELECT ST_SetSRID($2::geometry, 4326) AS g) x, streets s WHERE s.id = $1) y
), tree (size_m, ci, cj, inside) AS (
  SELECT 160, c.i, c.j, ST_Within(ST_Expand(c.geom, 1), a.p)
  FROM a, ST_SquareGrid(160, ST_Expand(ST_Intersection(ST_Envelope(a.p), a.sb), 1)) c
  WHERE ST_Intersects(ST_Expand(c.geom, 1), a.p)
  UNION ALL
  SELECT k.size_m, k.ci, k.cj, ST_Within(k.box, a.p)
  FROM tree t
  CROSS JOIN a
  CROSS JOIN LATERAL (
    SELECT t.size_m / 2 AS size_m, t.ci * 2 + d.di AS ci, t.cj * 2 + d.dj AS cj,
           ST_MakeEnvelope((t.ci * 2 + d.di) * (t.size_m / 2) - 1, (t.cj * 2 + d.dj) * (t.size_m / 2) - 1,
                           (t.ci * 2 + d.di + 1) * (t.size_m / 2) + 1, (t.cj * 2 + d.dj + 1) * (t.size_m / 2) + 1, 4547) AS box
    FROM (VALUES (0, 0), (0, 1), (1, 0), (1, 1)) d (di, dj)) k
  WHERE NOT t.inside AND t.size_m > 10 AND ST_Intersects(k.box, a.p) AND ST_Intersects(k.box, a.sb)
), leaves AS MATERIALIZED (
  -- 80 m cells are not rolled up: a whole one is read as its four 40 m cells
  SELECT size_m, ci, cj, inside FROM tree WHERE (inside AND size_m <> 80) OR size_m = 10
  UNION ALL
  SELECT 40, t.ci * 2 + di, t.cj * 2 + dj, true FROM tree t, generate_series(0, 1) di, generate_series(0, 1) dj
  WHERE t.inside AND t.size_m = 80
), cells10 AS MATERIALIZED (
  -- typed as the marks' cell index (floor of a double), so that each cell is one index lookup
  SELECT l.inside, (l.ci * (l.size_m / 10) + di)::float8 AS i, (l.cj * (l.size_m / 10) + dj)::float8 AS j
  FROM leaves l, generate_series(0, l.size_m / 10 - 1) di, generate_series(0, l.size_m / 10 - 1) dj
  WHERE l.size_m <= 20
), d AS (
  -- whole 40 and 160 m cells; '*' holds every category's sum
  SELECT c.day, c.opened, c.reported
  FROM leaves b
  JOIN issue_day_cells c ON c.street_id = $1 AND c.size_m = b.size_m AND c.ci = b.ci AND c.cj = b.cj
    AND c.category_code = ANY (coalesce($5::text[], '{*}')) AND c.day < (SELECT d1 FROM a)
  WHERE b.inside AND b.size_m >= 40
  UNION ALL
  SELECT m.day, m.opened, m.reported
  FROM cells10 f
  CROSS JOIN a
  CROSS JOIN LATERAL (
    SELECT m.day, m.opened, m.reported, m.x_m, m.y_m, m.issue_id
    FROM issue_day_marks m
    WHERE m.street_id = $1 AND floor(m.x_m / 10) = f.i AND floor(m.y_m / 10) = f.j
      AND m.day < a.d1 AND ($5::text[] IS NULL OR m.category_code = ANY ($5))
    OFFSET 0 -- kept apart: the planner would otherwise merge the whole street's marks against the cells
  ) m
  WHERE f.inside
     OR ST_Intersects(a.p_in, ST_Point(m.x_m, m.y_m, 4547))
     OR (ST_Intersects(a.p_out, ST_Point(m.x_m, m.y_m, 4547))
         AND ST_Intersects(a.g, (SELECT t.geom FROM issues t WHERE t.street_id = $1 AND t.id = m.issue_id)))
)
SELECT coalesce(json_agg(r ORDER BY r.day), '[]') AS rows FROM (
  SELECT greatest(-1, d.day - (SELECT d0 FROM a))::int AS day, sum(d.opened)::int AS opened, sum(d.reported)::int AS reported
  FROM d
  GROUP BY 1
) r

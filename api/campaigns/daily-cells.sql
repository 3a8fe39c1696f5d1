-- Why: the campaign's daily line — new issues per day and the change of the open count per day —
-- from the day rollup (migration 0330) instead of replaying the audit trail of every issue in the
-- area (api/campaigns/daily.sql, kept as the independent formulation the tests compare with). The
-- polygon's quadtree of EPSG:4547 cells is the one the area counts use (api/analysis/area-leaves.sql,
-- kept per shape version): whole 40 and 160 m cells are summed from issue_day_cells, whole 10 and 20 m
-- cells from the marks' 10 m cell index, and in the 10 m cells the edge crosses an issue's marks
-- count when its point is inside (within 0.1 m of the edge, tested exactly on its stored lon/lat
-- point). Day k is the k-th local day from $3's; everything before lands in day −1, the count
-- carried in. $1 street, $2 the area (hex EWKB or GeoJSON), $3 the first day's start, $4 the end of
-- the last day (local midnights), $5 categories; the area's leaves as area-leaves.sql answers them:
-- $6 sizes, $7 columns, $8 rows, $9 whole or edge, $10/$11 the projected polygon shrunk and grown
-- by 0.1 m. One row, its rows as JSON (db/single.ts).
WITH a AS (
  SELECT ST_SetSRID($2::geometry, 4326) AS g, $10::geometry AS p_in, $11::geometry AS p_out,
         ($3::timestamptz AT TIME ZONE s.timezone)::date AS d0, ($4::timestamptz AT TIME ZONE s.timezone)::date AS d1
  FROM streets s WHERE s.id = $1
), tree AS (
  SELECT * FROM unnest($6::int[], $7::int[], $8::int[], $9::boolean[]) AS l (size_m, ci, cj, inside)
), leaves AS MATERIALIZED (
  -- 80 m cells are not rolled up: a whole one is read as its four 40 m cells
  SELECT size_m, ci, cj, inside FROM tree WHERE size_m <> 80
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

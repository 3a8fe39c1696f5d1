-- Why: on a small street (area.ts, SCAN_BELOW) every window of an area analysis is counted in this one
-- statement: the area's issues and the whole street's per window, category and status, from one read
-- of the street's issues, each tested once against the area. A request with before/after sent six
-- statements for this (area-counts-gist.sql and area-street-scan.sql per window), each a round trip
-- and on PGlite a plan of its own; the naive peer of the benchmark sent three and was faster at 10³
-- issues (docs/performance.md). The rows are those of the two per-window statements
-- (api/analysis/area-plan.test.ts). :street, :shape the area (hex EWKB or GeoJSON),
-- :froms/:tos the windows' starts and ends (null: open), :categories, :now ("overdue": open and past its
-- deadline). One row, its rows as JSON: per window (`w`, its index from 0), category and status the
-- street's `n` and `overdue` and the area's `area_n` and `area_overdue`, so that an empty answer can
-- only mean a failure (db/single.ts).
WITH a AS (SELECT ST_SetSRID(:shape::geometry, 4326) AS g),
s AS (
  SELECT i.category_code, i.status, i.reported_at, is_open(i.status) AND i.deadline < :now AS late,
         i.geom && a.g AND ST_Intersects(a.g, i.geom) AS inside
  FROM issues i CROSS JOIN a
  WHERE i.street_id = :street AND (:categories::text[] IS NULL OR i.category_code = ANY (:categories))
)
SELECT coalesce(json_agg(r), '[]') AS rows FROM (
  SELECT (w.k - 1)::int AS w, s.category_code, s.status, count(*)::int AS n, count(*) FILTER (WHERE s.late)::int AS overdue,
         count(*) FILTER (WHERE s.inside)::int AS area_n, count(*) FILTER (WHERE s.inside AND s.late)::int AS area_overdue
  FROM unnest(:froms::timestamptz[], :tos::timestamptz[]) WITH ORDINALITY w (f, t, k)
  JOIN s ON (w.f IS NULL OR s.reported_at >= w.f) AND (w.t IS NULL OR s.reported_at < w.t)
  GROUP BY 1, 2, 3) r

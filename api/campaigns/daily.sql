-- Why: the campaign's daily line — new issues per day and issues open at each day's end — from the
-- audit trail, as the time machine (api/stats/counts-as-of.sql) reads it: an issue is open at an
-- instant when it was reported by then and the last status its events gave it by then is open.
-- Each issue adds +1 when reported and ±1 whenever an event moves it across open/not open; day k
-- gathers what happened in [$3 + k days, $3 + k+1 days) (the street's days have no DST), and
-- everything before $3 lands in day −1, the count carried in. $2 the area (hex EWKB or GeoJSON),
-- $4 the end of the last day, $5 categories. One row, its rows as JSON (db/single.ts).
WITH a AS MATERIALIZED (
  SELECT i.id, i.reported_at
  FROM issues i
  WHERE i.street_id = $1
    AND ST_Intersects(ST_SetSRID($2::geometry, 4326), i.geom)
    AND i.reported_at < $4
    AND ($5::text[] IS NULL OR i.category_code = ANY ($5))
    -- closed or answered before the first day and not since: closed_at is the latest closing (a
    -- reopening clears it), so such an issue adds +1 and −1 before the line starts, nothing after
    AND NOT (i.status IN ('closed', 'answered') AND i.closed_at < $3)
), ev AS (
  -- each issue's own events by its index (street_id, issue_id, at): a few per issue, never the
  -- street's millions of events merged against the area's issues
  SELECT e.at, is_open(e.to_status) AS open_now, is_open(coalesce(e.prev, 'reported')) AS open_before
  FROM a CROSS JOIN LATERAL (
    SELECT x.at, x.to_status, lag(x.to_status) OVER (ORDER BY x.at, x.id) AS prev
    FROM issue_events x
    WHERE x.street_id = $1 AND x.issue_id = a.id AND x.to_status IS NOT NULL AND x.at < $4
  ) e
), d AS (
  SELECT reported_at AS at, 1 AS opened, 1 AS reported FROM a
  UNION ALL
  SELECT at, open_now::int - open_before::int, 0 FROM ev WHERE open_now <> open_before
)
SELECT coalesce(json_agg(r ORDER BY r.day), '[]') AS rows FROM (
  SELECT greatest(-1, floor(extract(epoch FROM (at - $3::timestamptz)) / 86400))::int AS day,
         sum(opened)::int AS opened, sum(reported)::int AS reported
  FROM d
  GROUP BY 1
) r

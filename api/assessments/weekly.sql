-- Why: 一周一测评 — per community or grid (:level) and per week (:mondays, the Mondays of the weeks
-- asked for), the mean of the latest score of each point inspected in that week, how many points
-- were inspected and their failed items. Every unit of the street appears (no inspection = NULL
-- score, 未测评). Reads the (street_id, week_start, point_code, at DESC, id DESC) index only.
WITH latest AS (
  SELECT DISTINCT ON (i.week_start, i.point_code)
         i.week_start, i.point_code, i.score, i.failed_items,
         CASE :level::text WHEN 'grid' THEN i.grid_code ELSE i.community_code END AS unit
  FROM inspections i
  WHERE i.street_id = :street AND i.week_start = ANY (:mondays::date[])
  ORDER BY i.week_start, i.point_code, i.at DESC, i.id DESC
),
per AS (
  SELECT unit, week_start, avg(score)::float8 AS mean, count(*)::int AS points, sum(failed_items)::int AS failed
  FROM latest GROUP BY unit, week_start
),
units AS (
  SELECT code, name, code AS community_code FROM communities WHERE street_id = :street AND :level::text = 'community'
  UNION ALL
  SELECT code, name, community_code FROM grids WHERE street_id = :street AND :level::text = 'grid'
)
SELECT u.code, u.name, u.community_code, w.monday::text AS monday, p.mean, coalesce(p.points, 0) AS points, coalesce(p.failed, 0) AS failed
FROM units u
CROSS JOIN unnest(:mondays::date[]) AS w(monday)
LEFT JOIN per p ON p.unit = u.code AND p.week_start = w.monday
ORDER BY u.code, w.monday

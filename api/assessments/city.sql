-- Why: 一周一测评 across the deployment (a city of streets): per street and week (:mondays), the mean
-- of the latest score of each point inspected that week. Every street appears (NULL = 未测评). Each
-- street's part reads its own slice of the (street_id, week_start, point_code, at DESC, id DESC) index.
WITH latest AS (
  SELECT DISTINCT ON (i.street_id, i.week_start, i.point_code)
         i.street_id, i.week_start, i.score, i.failed_items
  FROM inspections i
  WHERE i.street_id IN (SELECT id FROM streets) AND i.week_start = ANY (:mondays::date[])
  ORDER BY i.street_id, i.week_start, i.point_code, i.at DESC, i.id DESC
),
per AS (
  SELECT street_id, week_start, avg(score)::float8 AS mean, count(*)::int AS points, sum(failed_items)::int AS failed
  FROM latest GROUP BY street_id, week_start
)
SELECT s.code, s.name, s.code AS community_code, w.monday::text AS monday, p.mean, coalesce(p.points, 0) AS points,
       coalesce(p.failed, 0) AS failed
FROM streets s
CROSS JOIN unnest(:mondays::date[]) AS w(monday)
LEFT JOIN per p ON p.street_id = s.id AND p.week_start = w.monday
ORDER BY s.code, w.monday

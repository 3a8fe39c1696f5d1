-- Why: campaigns' area counts from their kept tallies (migration 0332) instead of counting their
-- areas afresh: per campaign ($2) and part ($3: 0 the baseline, k the k-th phase, -1 the campaign
-- so far, [starts_at, least(ends_at, $4))), the issues inside per category and current status, as
-- POST /analysis/area counts them for that window and polygon, with the overdue among them at $4.
-- What the clock decides is read live: "overdue" (open, deadline before $4) from the open issues'
-- index, and, for the campaign so far, the issues reported at or after $4 before its end (none
-- unless clocks disagree), taken off its whole count. $1 street. One row, its rows as JSON.
WITH c AS MATERIALIZED (
  SELECT * FROM campaigns WHERE street_id = $1 AND id = ANY ($2::bigint[])
), w AS MATERIALIZED (
  SELECT c.id, p.part, p.w_from, CASE WHEN p.part = -1 THEN least(p.w_to, $4::timestamptz) ELSE p.w_to END AS w_to
  FROM c CROSS JOIN LATERAL campaign_parts(c.baseline_from, c.baseline_to, c.starts_at, c.ends_at, c.phases) p
  WHERE p.part = ANY ($3::smallint[])
), stored AS (
  SELECT w.id, w.part, t.category_code, t.status, t.n
  FROM w JOIN campaign_tallies t ON t.street_id = $1 AND t.campaign_id = w.id AND t.part = w.part
), ahead AS (
  -- the campaign so far ends at $4: its issues reported from then to its end are not in it (read by
  -- the time index: there are none unless clocks disagree)
  SELECT c.id, -1::smallint AS part, i.category_code, i.status, -count(*)::int AS n
  FROM c
  CROSS JOIN LATERAL (
    SELECT i.category_code, i.status, i.geom FROM issues i
    WHERE i.street_id = $1 AND i.reported_at >= greatest(c.starts_at, $4::timestamptz) AND i.reported_at < c.ends_at
    OFFSET 0
  ) i
  WHERE -1 = ANY ($3::smallint[]) AND ST_Intersects(c.geom, i.geom)
  GROUP BY 1, 2, 3, 4
), overdue AS MATERIALIZED (
  -- the street's open issues past their deadline (a few thousand at 10⁶), each placed in the
  -- campaigns by their index
  SELECT i.geom, i.reported_at, i.category_code, i.status FROM issues i
  WHERE i.street_id = $1 AND is_open(i.status) AND i.deadline < $4
), placed AS MATERIALIZED (
  -- each in the campaigns whose area holds it (by the campaigns' area index), before any window
  SELECT k.id, o.reported_at, o.category_code, o.status
  FROM overdue o
  JOIN campaigns k ON k.street_id = $1 AND k.id = ANY ($2::bigint[]) AND k.geom && o.geom AND ST_Intersects(k.geom, o.geom)
), late AS (
  SELECT w.id, w.part, o.category_code, o.status, count(*)::int AS overdue
  FROM placed o
  JOIN w ON w.id = o.id AND o.reported_at >= w.w_from AND o.reported_at < w.w_to
  GROUP BY 1, 2, 3, 4
), counted AS (
  -- one grouping of all three (a join of the late rows to the counted ones went row by row)
  SELECT id, part, category_code, status, sum(n)::int AS n, sum(overdue)::int AS overdue
  FROM (SELECT id, part, category_code, status, n, 0 AS overdue FROM stored
        UNION ALL SELECT id, part, category_code, status, n, 0 FROM ahead
        UNION ALL SELECT id, part, category_code, status, 0, overdue FROM late) x
  GROUP BY 1, 2, 3, 4
  HAVING sum(n) > 0
)
SELECT coalesce(json_agg(r), '[]') AS rows FROM (
  SELECT id::int AS campaign_id, part, category_code, status, n, overdue FROM counted
) r

-- Why: the whole street's issues per category and status for one window, read from the issues
-- themselves: on a small street (area.ts, SCAN_BELOW) one index scan of its few issues answers
-- sooner than the 160 m cells' three unions (area-street.sql), and both answer the same rows
-- (api/analysis/area-plan.test.ts). $1 street, $2/$3 window, $4 categories, $5 now ("overdue":
-- open and past its deadline). One row, its rows as JSON, so that an empty answer can only mean a
-- failure (api/analysis/single.ts).
SELECT coalesce(json_agg(r), '[]') AS rows FROM (
SELECT i.category_code, i.status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(i.status) AND i.deadline < $5)::int AS overdue
FROM issues i
WHERE i.street_id = $1
  AND ($2::timestamptz IS NULL OR i.reported_at >= $2)
  AND ($3::timestamptz IS NULL OR i.reported_at < $3)
  AND ($4::text[] IS NULL OR i.category_code = ANY ($4))
GROUP BY i.category_code, i.status) r

-- Why: the whole street's issues per category and status for one window, read from the issues
-- themselves: on a small street (area.ts, SCAN_BELOW) one index scan of its few issues answers
-- sooner than the 160 m cells' three unions (area-street.sql), and both answer the same rows
-- (api/analysis/area-plan.test.ts). :street, :from/:to the window, :categories, :now ("overdue":
-- open and past its deadline). One row, its rows as JSON, so that an empty answer can only mean a
-- failure (db/single.ts).
SELECT coalesce(json_agg(r), '[]') AS rows FROM (
SELECT i.category_code, i.status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(i.status) AND i.deadline < :now)::int AS overdue
FROM issues i
WHERE i.street_id = :street
  AND (:from::timestamptz IS NULL OR i.reported_at >= :from)
  AND (:to::timestamptz IS NULL OR i.reported_at < :to)
  AND (:categories::text[] IS NULL OR i.category_code = ANY (:categories))
GROUP BY i.category_code, i.status) r

-- Why: 市民上报 (issue 20) beside the closed-loop indicators: per street, community, grid or category
-- ($9) the residents' reports received in the window [$2, $3) (any status), how many were decided and
-- accepted (accepted or merged), how many of those follow an issue that is now closed or answered, and
-- the reporters' 解决了吗 answers given in the window. Reports are not issues: they are counted here
-- only, from public_reports. $4 categories, $5 community, $6 grid, $7 bbox, $8 = the grids the reader
-- is limited to (a grid manager; NULL for everyone else). by=group has no rows (a report has no 整治组).
WITH r AS (
  SELECT p.*,
         CASE $9::text WHEN 'community' THEN p.community_code WHEN 'grid' THEN p.grid_code
                       WHEN 'category' THEN p.category_code ELSE 'street' END AS key
  FROM public_reports p
  WHERE p.street_id = $1
    AND $9::text <> 'group'
    AND ($4::text[] IS NULL OR p.category_code = ANY ($4::text[]))
    AND ($5::text IS NULL OR p.community_code = $5::text)
    AND ($6::text IS NULL OR p.grid_code = $6::text)
    AND ($7::float8[] IS NULL
         OR p.geom && ST_MakeEnvelope(($7::float8[])[1], ($7::float8[])[2], ($7::float8[])[3], ($7::float8[])[4], 4326))
    AND ($8::text[] IS NULL OR p.grid_code = ANY ($8::text[]))
),
received AS (
  SELECT r.key,
         count(*)::int                                                         AS received,
         count(*) FILTER (WHERE r.status = 'pending')::int                     AS pending,
         count(*) FILTER (WHERE r.status IN ('accepted', 'merged'))::int       AS accepted,
         count(*) FILTER (WHERE r.status = 'rejected')::int                    AS rejected,
         count(*) FILTER (WHERE r.status IN ('accepted', 'merged')
                            AND i.status IN ('closed', 'answered'))::int       AS closed
  FROM r
  LEFT JOIN issues i ON i.street_id = r.street_id AND i.id = r.issue_id
  WHERE ($2::timestamptz IS NULL OR r.received_at >= $2::timestamptz)
    AND ($3::timestamptz IS NULL OR r.received_at < $3::timestamptz)
  GROUP BY r.key
),
answers AS (
  SELECT r.key,
         count(*)::int                                  AS feedback,
         count(*) FILTER (WHERE fb.satisfied)::int      AS satisfied
  FROM r
  JOIN public_report_feedback fb ON fb.street_id = r.street_id AND fb.report_id = r.id
  WHERE ($2::timestamptz IS NULL OR fb.at >= $2::timestamptz)
    AND ($3::timestamptz IS NULL OR fb.at < $3::timestamptz)
  GROUP BY r.key
)
SELECT key,
       sum(received)::int AS received, sum(pending)::int AS pending, sum(accepted)::int AS accepted,
       sum(rejected)::int AS rejected, sum(closed)::int AS closed,
       sum(feedback)::int AS feedback, sum(satisfied)::int AS satisfied
FROM (
  SELECT key, received, pending, accepted, rejected, closed, 0 AS feedback, 0 AS satisfied FROM received
  UNION ALL
  SELECT key, 0, 0, 0, 0, 0, feedback, satisfied FROM answers
) u
GROUP BY key
ORDER BY key

-- Why: Open311's service requests are our issues, filtered as GeoReport v2 filters them: ids ($2),
-- service codes ($3), requested between $4 and $5, status open/closed ($6), within the reader's grids
-- ($7, NULL = every grid); newest first, at most $8. Merged duplicates are closed requests of their own.
SELECT i.id, i.status, i.category_code, k.name AS category_name, i.description, g.name AS group_name, i.notice_no,
       i.reported_at, i.deadline, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat, h.address,
       (SELECT max(e.at) FROM issue_events e WHERE e.street_id = i.street_id AND e.issue_id = i.id) AS updated_at
FROM issues i
JOIN categories k ON k.street_id = i.street_id AND k.code = i.category_code
LEFT JOIN groups g ON g.street_id = i.street_id AND g.code = i.group_code
LEFT JOIN hotline_cases h ON h.street_id = i.street_id AND h.issue_id = i.id
WHERE i.street_id = $1
  AND ($2::bigint[] IS NULL OR i.id = ANY ($2))
  AND ($3::text[] IS NULL OR i.category_code = ANY ($3))
  AND ($4::timestamptz IS NULL OR i.reported_at >= $4)
  AND ($5::timestamptz IS NULL OR i.reported_at <= $5)
  AND ($6::text IS NULL OR (CASE WHEN is_open(i.status) THEN 'open' ELSE 'closed' END) = $6)
  AND ($7::text[] IS NULL OR i.grid_code = ANY ($7))
ORDER BY i.reported_at DESC, i.id DESC
LIMIT $8

-- Why: the issues matching the shared filters as map features, newest first, keyset-paged so a
-- client can walk a million rows without OFFSET. $9 = now (overdue), $10/$11 = cursor, $12 = limit,
-- $13 = the grids the reader is limited to (a grid manager's patch; NULL for everyone else), $14 = one
-- group's issues only (NULL: every group), $15 = overdue only (true), not overdue (false), or both (NULL).
SELECT i.id, i.category_code AS category, k.name AS category_name, i.status, i.grid_code,
       i.community_code, i.group_code, gr.name AS group_name, i.reported_at, i.deadline, i.closed_at, i.description, i.source,
       i.notice_no, i.rework_count, i.reminded_at, i.escalated_at,
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       (is_open(i.status) AND i.deadline < $9) AS overdue
FROM filtered_issues($1, $2, $3, $4, $5, $6, $7, $8, $13) i
JOIN categories k ON k.street_id = i.street_id AND k.code = i.category_code
LEFT JOIN groups gr ON gr.street_id = i.street_id AND gr.code = i.group_code
WHERE ($14::text IS NULL OR i.group_code = $14::text)
  AND ($15::boolean IS NULL OR COALESCE(is_open(i.status) AND i.deadline < $9, false) = $15::boolean)
  AND ($10::timestamptz IS NULL OR (i.reported_at, i.id) < ($10::timestamptz, $11::bigint))
ORDER BY i.reported_at DESC, i.id DESC
LIMIT $12

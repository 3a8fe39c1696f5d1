-- Why: the 问题整改台账 (issue ledger) under the shared filters and the reader's scope, with the names
-- a printed ledger shows; keyset-paged so the export streams. $9 = now, $10/$11 = cursor, $12 = limit,
-- $13 = the grids the reader is limited to (NULL for everyone else).
SELECT i.id, i.category_code AS category, k.name AS category_name, i.status, i.description,
       cm.name AS community_name, g.name AS grid_name, gr.name AS group_name,
       i.reported_at, i.deadline, i.closed_at, i.notice_no,
       (is_open(i.status) AND i.deadline < $9) AS overdue,
       (i.closed_at IS NOT NULL AND i.deadline IS NOT NULL AND i.closed_at > i.deadline) AS closed_late,
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat
FROM filtered_issues($1, $2, $3, $4, $5, $6, $7, $8, $13) i
JOIN categories k ON k.street_id = i.street_id AND k.code = i.category_code
LEFT JOIN communities cm ON cm.street_id = i.street_id AND cm.code = i.community_code
LEFT JOIN grids g ON g.street_id = i.street_id AND g.code = i.grid_code
LEFT JOIN groups gr ON gr.street_id = i.street_id AND gr.code = i.group_code
WHERE ($10::timestamptz IS NULL OR (i.reported_at, i.id) < ($10::timestamptz, $11::bigint))
ORDER BY i.reported_at DESC, i.id DESC
LIMIT $12

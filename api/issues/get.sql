-- Why: one issue with the names a person reads (category, group, grid, community) and its overdue
-- flag at $3 = now.
SELECT i.id, i.category_code AS category, k.name AS category_name, i.status, i.description, i.source,
       i.grid_code, g.name AS grid_name, i.community_code, c.name AS community_name,
       i.group_code, gr.name AS group_name, gr.leader_name AS group_leader, i.notice_no,
       i.reported_at, i.deadline, i.closed_at, i.rework_count, i.version, i.reporter, i.merged_into,
       i.source_crs, i.source_lon, i.source_lat, i.reminded_at, i.escalated_at, i.case_no,
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       (is_open(i.status) AND i.deadline < $3) AS overdue
FROM issues i
JOIN categories k ON k.street_id = i.street_id AND k.code = i.category_code
JOIN grids g ON g.street_id = i.street_id AND g.code = i.grid_code
JOIN communities c ON c.street_id = i.street_id AND c.code = i.community_code
LEFT JOIN groups gr ON gr.street_id = i.street_id AND gr.code = i.group_code
WHERE i.street_id = $1 AND i.id = $2

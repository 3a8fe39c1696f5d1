-- Why: OGC API – Features, collection "issues" under the shared filters and the reader's scope,
-- exactly as /issues selects them (filtered_issues), in the asked CRS; keyset-paged by id so a GIS
-- client walks 10^5 issues without OFFSET, each exactly once.
SELECT i.id::text AS key, ST_AsGeoJSON(CASE WHEN :flip::boolean THEN ST_FlipCoordinates(ST_Transform(i.geom, :srid::int)) ELSE ST_Transform(i.geom, :srid::int) END, :digits::int)::json AS geometry,
       i.id, i.category_code AS category, k.name AS category_name, i.status, i.grid_code,
       i.community_code, i.group_code, gr.name AS group_name, i.reported_at, i.deadline, i.closed_at, i.description, i.source,
       i.notice_no, i.rework_count, i.reminded_at, i.escalated_at,
       (is_open(i.status) AND i.deadline < :now) AS overdue
FROM filtered_issues(:street, :from, :to, :categories, :statuses, :community, :grid, NULL, :scope) i
JOIN categories k ON k.street_id = i.street_id AND k.code = i.category_code
LEFT JOIN groups gr ON gr.street_id = i.street_id AND gr.code = i.group_code
WHERE (:area::text IS NULL OR ST_Intersects(i.geom, ST_Transform(ST_GeomFromText(:area, :area_srid::int), 4326)))
  AND (:after::bigint IS NULL OR i.id > :after::bigint)
  AND (:id::bigint IS NULL OR i.id = :id::bigint)
ORDER BY i.id
LIMIT :limit::int

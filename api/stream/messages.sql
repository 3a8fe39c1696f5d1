-- Why: the payload of a live message, built from the durable audit trail so that live delivery and
-- Last-Event-ID replay send the same thing. $2 = event ids (or NULL), $3 = replay after this id,
-- $6 = the grids a grid manager's stream is limited to (NULL = every grid).
SELECT e.id, e.issue_id, e.at, e.actor, e.action, e.from_status AS "from", e.to_status AS "to", e.note,
       i.category_code AS category, i.status, i.grid_code, i.community_code, i.group_code, i.deadline,
       i.rework_count, i.version, ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       (is_open(i.status) AND i.deadline < $4) AS overdue
FROM issue_events e
JOIN issues i ON i.street_id = e.street_id AND i.id = e.issue_id
WHERE e.street_id = $1
  AND ($2::bigint[] IS NULL OR e.id = ANY ($2::bigint[]))
  AND ($3::bigint IS NULL OR e.id > $3::bigint)
  AND ($6::text[] IS NULL OR i.grid_code = ANY ($6::text[]))
ORDER BY e.id
LIMIT $5

-- Why: the point an inspection is about, with its place and class, and the class's current
-- checklist version. $1 street, $2 point code. No row = unknown point.
SELECT p.code, p.name, p.class_code, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.grid_code, p.community_code,
       (SELECT max(c.version) FROM checklists c WHERE c.street_id = $1 AND c.class_code = p.class_code) AS version
FROM field_points p
WHERE p.street_id = $1 AND p.code = $2

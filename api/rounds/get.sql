-- Why: a kept round with its points in walking order and which of them were inspected since it was made.
SELECT r.id, r.length_m, r.created_by, r.created_at,
       jsonb_agg(jsonb_build_object(
         'code', p.code, 'name', p.name, 'class_code', p.class_code, 'lon', ST_X(p.geom), 'lat', ST_Y(p.geom),
         'grid_code', p.grid_code, 'community_code', p.community_code,
         'inspected', EXISTS (SELECT 1 FROM inspections i
                              WHERE i.street_id = $1 AND i.point_code = p.code AND i.created_at >= r.created_at))
         ORDER BY t.n) AS points
FROM inspection_rounds r
CROSS JOIN LATERAL unnest(r.points) WITH ORDINALITY AS t(code, n)
JOIN field_points p ON p.street_id = $1 AND p.code = t.code
WHERE r.street_id = $1 AND r.id = $2
GROUP BY r.id, r.length_m, r.created_by, r.created_at

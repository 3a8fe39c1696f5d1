-- Why: the staged field points of the street ($1), in the grid and community they fall in; `class`
-- is already a point class code of the street.
INSERT INTO field_points (street_id, code, name, class_code, geom, grid_code, community_code, synthetic)
SELECT $1, p.code, p.name, p.class, p.geom, g.code, g.community_code, false
FROM onboard_features p
LEFT JOIN LATERAL (SELECT code, community_code FROM grids
                   WHERE street_id = $1 AND ST_Intersects(geom, p.geom) ORDER BY code LIMIT 1) g ON true
WHERE p.layer = 'points'

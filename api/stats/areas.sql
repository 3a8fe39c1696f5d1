-- Why: the denominators of the statistics: every grid and community of the street (so zero rows
-- appear), their areas in m² and the field points they hold; $4 = the grids a reader is limited to.
SELECT g.code AS grid_code, g.name, g.community_code, c.name AS community_name,
       g.area_m2, c.area_m2 AS community_area_m2,
       (SELECT count(*)::int FROM field_points p WHERE p.street_id = g.street_id AND p.grid_code = g.code) AS points
FROM grids g
JOIN communities c ON c.street_id = g.street_id AND c.code = g.community_code
WHERE g.street_id = $1
  AND ($2::text IS NULL OR g.community_code = $2)
  AND ($3::text IS NULL OR g.code = $3)
  AND ($4::text[] IS NULL OR g.code = ANY ($4))
ORDER BY g.code

-- Why: the points of an inspection round — the codes the client listed (:codes), or those a
-- selection picks: class, community, grid, a drawn polygon (:within, GeoJSON), and "not inspected in
-- the week starting :uninspected" (a Monday). NULL = no such condition.
SELECT p.code, p.name, p.class_code, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.grid_code, p.community_code
FROM field_points p
WHERE p.street_id = :street
  AND (:codes::text[] IS NULL OR p.code = ANY (:codes::text[]))
  AND (:class::text IS NULL OR p.class_code = :class)
  AND (:community::text IS NULL OR p.community_code = :community)
  AND (:grid::text IS NULL OR p.grid_code = :grid)
  AND (:within::text IS NULL OR ST_Intersects(p.geom, ST_SetSRID(ST_GeomFromGeoJSON(:within::text), 4326)))
  AND (:uninspected::date IS NULL OR NOT EXISTS (
        SELECT 1 FROM inspections i
        WHERE i.street_id = :street AND i.week_start = :uninspected::date AND i.point_code = p.code))
ORDER BY p.code

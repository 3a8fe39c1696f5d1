-- Why: OGC API – Features, collection "points" (实地点位) in the asked CRS, paged by code; a grid
-- manager sees the points of their grids (:scope), and no contact or address field is ever written.
SELECT p.code AS key, ST_AsGeoJSON(CASE WHEN :flip::boolean THEN ST_FlipCoordinates(ST_Transform(p.geom, :srid::int)) ELSE ST_Transform(p.geom, :srid::int) END, :digits::int)::json AS geometry,
       json_build_object('code', p.code, 'name', p.name, 'class_code', p.class_code, 'class_name', k.name,
         'grid_code', p.grid_code, 'community_code', p.community_code, 'synthetic', p.synthetic) AS properties
FROM field_points p
JOIN point_classes k ON k.street_id = p.street_id AND k.code = p.class_code
WHERE p.street_id = :street
  AND (:scope::text[] IS NULL OR p.grid_code = ANY (:scope))
  AND (:area::text IS NULL OR ST_Intersects(p.geom, ST_Transform(ST_GeomFromText(:area, :area_srid::int), 4326)))
  AND (:after::text IS NULL OR p.code > :after)
  AND (:id::text IS NULL OR p.code = :id)
ORDER BY p.code
LIMIT :limit::int

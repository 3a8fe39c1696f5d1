-- Why: OGC API – Features, collection "grids" (责任网格) in the asked CRS, paged by code. The
-- manager's name is a person's and stays out, as every personal field does on this interface.
SELECT g.code AS key, ST_AsGeoJSON(CASE WHEN :flip::boolean THEN ST_FlipCoordinates(ST_Transform(g.geom, :srid::int)) ELSE ST_Transform(g.geom, :srid::int) END, :digits::int)::json AS geometry,
       json_build_object('code', g.code, 'name', g.name, 'community_code', g.community_code,
         'area_m2', round(g.area_m2::numeric, 1), 'synthetic', g.synthetic) AS properties
FROM grids g
WHERE g.street_id = :street
  AND (:area::text IS NULL OR ST_Intersects(g.geom, ST_Transform(ST_GeomFromText(:area, :area_srid::int), 4326)))
  AND (:after::text IS NULL OR g.code > :after)
  AND (:id::text IS NULL OR g.code = :id)
ORDER BY g.code
LIMIT :limit::int

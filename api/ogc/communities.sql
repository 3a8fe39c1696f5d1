-- Why: OGC API – Features, collection "communities" (社区) in the asked CRS, paged by code.
SELECT c.code AS key, ST_AsGeoJSON(CASE WHEN :flip::boolean THEN ST_FlipCoordinates(ST_Transform(c.geom, :srid::int)) ELSE ST_Transform(c.geom, :srid::int) END, :digits::int)::json AS geometry,
       json_build_object('code', c.code, 'name', c.name, 'population', c.population,
         'area_m2', round(c.area_m2::numeric, 1), 'synthetic', c.synthetic) AS properties
FROM communities c
WHERE c.street_id = :street
  AND (:area::text IS NULL OR ST_Intersects(c.geom, ST_Transform(ST_GeomFromText(:area, :area_srid::int), 4326)))
  AND (:after::text IS NULL OR c.code > :after)
  AND (:id::text IS NULL OR c.code = :id)
ORDER BY c.code
LIMIT :limit::int

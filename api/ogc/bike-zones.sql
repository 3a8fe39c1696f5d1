-- Why: OGC API – Features, collection "bike_zones" (共享单车停放区) in the asked CRS, paged by code.
SELECT z.code AS key, ST_AsGeoJSON(CASE WHEN :flip::boolean THEN ST_FlipCoordinates(ST_Transform(z.geom, :srid::int)) ELSE ST_Transform(z.geom, :srid::int) END, :digits::int)::json AS geometry,
       json_build_object('code', z.code, 'name', z.name, 'capacity', z.capacity, 'synthetic', z.synthetic) AS properties
FROM bike_zones z
WHERE z.street_id = :street
  AND (:area::text IS NULL OR ST_Intersects(z.geom, ST_Transform(ST_GeomFromText(:area, :area_srid::int), 4326)))
  AND (:after::text IS NULL OR z.code > :after)
  AND (:id::text IS NULL OR z.code = :id)
ORDER BY z.code
LIMIT :limit::int

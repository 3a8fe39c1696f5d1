-- Why: OGC API – Features, collection "boundary": the street outline in the asked CRS.
-- :area is a WKT (multi)polygon in :area_srid (the bbox), :after / :id page and pick by code.
SELECT s.code AS key, ST_AsGeoJSON(CASE WHEN :flip::boolean THEN ST_FlipCoordinates(ST_Transform(s.boundary, :srid::int)) ELSE ST_Transform(s.boundary, :srid::int) END, :digits::int)::json AS geometry,
       json_build_object('code', s.code, 'name', s.name, 'area_m2', round(s.area_m2::numeric, 1),
         'population', s.population, 'synthetic', s.synthetic) AS properties
FROM streets s
WHERE s.id = :street
  AND (:area::text IS NULL OR ST_Intersects(s.boundary, ST_Transform(ST_GeomFromText(:area, :area_srid::int), 4326)))
  AND (:after::text IS NULL OR s.code > :after)
  AND (:id::text IS NULL OR s.code = :id)
ORDER BY s.code
LIMIT :limit::int

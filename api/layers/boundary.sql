-- Why: the street outline for the map and for clipping; one feature per street.
SELECT ST_AsGeoJSON(s.boundary, 7)::json AS geometry,
       json_build_object('code', s.code, 'name', s.name, 'area_m2', round(s.area_m2::numeric, 1),
         'population', s.population, 'synthetic', s.synthetic) AS properties
FROM streets s
WHERE s.id = $1
ORDER BY s.code

-- Why: the 10 community polygons of a street with their codes, for the map and the filters.
SELECT ST_AsGeoJSON(c.geom, 7)::json AS geometry,
       json_build_object('code', c.code, 'name', c.name, 'population', c.population,
         'area_m2', round(c.area_m2::numeric, 1), 'synthetic', c.synthetic) AS properties
FROM communities c
WHERE c.street_id = $1
ORDER BY c.code

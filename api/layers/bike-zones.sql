-- Why: the designated shared-bike parking zones, for the map and the coverage analysis.
SELECT ST_AsGeoJSON(z.geom, 7)::json AS geometry,
       json_build_object('id', z.id, 'code', z.code, 'name', z.name, 'capacity', z.capacity,
         'synthetic', z.synthetic) AS properties
FROM bike_zones z
WHERE z.street_id = $1
ORDER BY z.code

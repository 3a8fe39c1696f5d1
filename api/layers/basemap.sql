-- Why: the offline basemap (roads and blocks) so the web app needs no tile server.
SELECT ST_AsGeoJSON(b.geom, 7)::json AS geometry,
       json_build_object('kind', b.kind, 'name', b.name, 'class', b.class) AS properties
FROM basemap_features b
WHERE b.street_id = $1
ORDER BY b.kind DESC, b.id

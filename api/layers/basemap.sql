-- Why: the offline basemap (roads and blocks) so the web app needs no tile server.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(b.geom, 7)::json,
    'properties', json_build_object('kind', b.kind, 'name', b.name, 'class', b.class)
  ) ORDER BY b.kind DESC, b.id), '[]'::json)
) AS fc
FROM basemap_features b
WHERE b.street_id = $1

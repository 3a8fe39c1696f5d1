-- Why: the designated shared-bike parking zones, for the map and the coverage analysis.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(z.geom, 7)::json,
    'properties', json_build_object('id', z.id, 'code', z.code, 'name', z.name, 'capacity', z.capacity,
                                    'synthetic', z.synthetic)
  ) ORDER BY z.code), '[]'::json)
) AS fc
FROM bike_zones z
WHERE z.street_id = $1

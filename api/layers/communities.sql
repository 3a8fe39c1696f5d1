-- Why: the 10 community polygons of a street with their codes, for the map and the filters.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(c.geom, 7)::json,
    'properties', json_build_object('code', c.code, 'name', c.name, 'population', c.population,
                                    'area_m2', round(c.area_m2::numeric, 1), 'synthetic', c.synthetic)
  ) ORDER BY c.code), '[]'::json)
) AS fc
FROM communities c
WHERE c.street_id = $1

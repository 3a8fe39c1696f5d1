-- Why: the street outline for the map and for clipping; one feature per street.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(s.boundary, 7)::json,
    'properties', json_build_object('code', s.code, 'name', s.name, 'area_m2', round(s.area_m2::numeric, 1),
                                    'population', s.population, 'synthetic', s.synthetic)
  ) ORDER BY s.code), '[]'::json)
) AS fc
FROM streets s
WHERE s.id = $1

-- Why: the responsibility grids (责任网格) with their responsible person, for the choropleth.
SELECT json_build_object(
  'type', 'FeatureCollection',
  'features', coalesce(json_agg(json_build_object(
    'type', 'Feature',
    'geometry', ST_AsGeoJSON(g.geom, 7)::json,
    'properties', json_build_object('code', g.code, 'name', g.name, 'community_code', g.community_code,
                                    'area_m2', round(g.area_m2::numeric, 1), 'manager_name', g.manager_name,
                                    'synthetic', g.synthetic)
  ) ORDER BY g.code), '[]'::json)
) AS fc
FROM grids g
WHERE g.street_id = $1
  AND ($2::text IS NULL OR g.community_code = $2)

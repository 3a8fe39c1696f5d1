-- Why: the responsibility grids (责任网格) with their responsible person, for the choropleth.
SELECT ST_AsGeoJSON(g.geom, 7)::json AS geometry,
       json_build_object('code', g.code, 'name', g.name, 'community_code', g.community_code,
         'area_m2', round(g.area_m2::numeric, 1), 'manager_name', g.manager_name,
         'synthetic', g.synthetic) AS properties
FROM grids g
WHERE g.street_id = $1
  AND ($2::text IS NULL OR g.community_code = $2)
ORDER BY g.code

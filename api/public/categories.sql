-- Why: what /report needs before the resident starts: the categories to pick from (codes and names
-- only) and the street's outline to tap in (simplified to about a metre, for slow connections).
SELECT s.name AS street_name,
       ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(s.boundary, 0.00001)), 6)::json AS boundary,
       COALESCE((SELECT json_agg(json_build_object('code', k.code, 'name', k.name) ORDER BY k.code)
                 FROM categories k WHERE k.street_id = s.id), '[]') AS categories
FROM streets s WHERE s.id = $1

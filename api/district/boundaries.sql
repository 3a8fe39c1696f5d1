-- Why: the district map: every street's outline (one feature each), coloured by the district view.
SELECT ST_AsGeoJSON(s.boundary, 6)::json AS geometry,
       json_build_object('code', s.code, 'name', s.name, 'synthetic', s.synthetic) AS properties
FROM streets s
WHERE s.id = ANY ($1::int[])
ORDER BY s.code

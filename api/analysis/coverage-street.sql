-- Why: the street's area and its covered area for one radius ($3: also return the covered geometry).
SELECT ST_Area(ST_Transform(s.boundary, 4547)) AS street_area_m2,
       ST_Area(c.geom) AS covered_area_m2,
       CASE WHEN $3::boolean THEN ST_AsGeoJSON(ST_Transform(c.geom, 4326), 7)::json END AS covered
FROM streets s
JOIN bike_coverage c ON c.street_id = s.id AND c.radius_m = $2
WHERE s.id = $1

-- Why: one round trip for what a bike-coverage request reads from the cache: the street's area and
-- its covered area for one radius ($3: also the covered geometry), every grid's area and covered
-- area (EPSG:4547 m², by grid code), and the uncovered count and sites stored for the window $4 if
-- they were computed from the coverage's current version (migration 0024), all in one snapshot. No
-- row when the radius is not cached yet (coverage-ensure.sql builds it).
SELECT ST_Area(ST_Transform(s.boundary, 4547)) AS street_area_m2,
       ST_Area(c.geom) AS covered_area_m2,
       CASE WHEN $3::boolean THEN ST_AsGeoJSON(ST_Transform(c.geom, 4326), 7)::json END AS covered,
       (SELECT coalesce(json_agg(json_build_object('grid_code', g.code, 'area_m2', ST_Area(ST_Transform(g.geom, 4547)),
                                                   'covered_m2', coalesce(cg.covered_m2, 0)) ORDER BY g.code), '[]'::json)
        FROM grids g
        LEFT JOIN bike_coverage_grids cg ON cg.street_id = g.street_id AND cg.radius_m = $2 AND cg.grid_code = g.code
        WHERE g.street_id = $1) AS grids,
       (SELECT json_build_object('uncovered', x.uncovered, 'suggestions', x.suggestions)
        FROM bike_coverage_sites x
        WHERE x.street_id = $1 AND x.radius_m = $2 AND x.window_key = $4 AND x.version = c.version) AS stored
FROM streets s
JOIN bike_coverage c ON c.street_id = s.id AND c.radius_m = $2
WHERE s.id = $1

-- Why: one round trip for a bike-coverage request: the street's area and its covered area for one
-- radius (:geometry: also the covered geometry), every grid's area and covered area (EPSG:4547 m²,
-- the areas kept with their rows by migration 0350, by grid code), and the uncovered count and
-- sites of the window :key, stored if they were computed from the coverage's current version
-- (migration 0024), else computed now by the function of migration 0348, which stores them under
-- :key (COALESCE runs it only when nothing is stored), all in one statement. No row when the
-- radius is not cached yet (coverage-ensure.sql builds it).
-- The gaps' inputs (coverage-gaps.sql): :from/:to the window, :sites the most sites, :first/:end
-- the window's first whole UTC day and the day after its last, :keep the most windows kept per radius.
SELECT s.area_4547_m2 AS street_area_m2,
       ST_Area(c.geom) AS covered_area_m2,
       CASE WHEN :geometry::boolean THEN ST_AsGeoJSON(ST_Transform(c.geom, 4326), 7)::json END AS covered,
       (SELECT coalesce(json_agg(json_build_object('grid_code', g.code, 'area_m2', g.area_4547_m2,
                                                   'covered_m2', coalesce(cg.covered_m2, 0)) ORDER BY g.code), '[]'::json)
        FROM grids g
        LEFT JOIN bike_coverage_grids cg ON cg.street_id = g.street_id AND cg.radius_m = :radius AND cg.grid_code = g.code
        WHERE g.street_id = :street) AS grids,
       coalesce(
         (SELECT json_build_object('uncovered', x.uncovered, 'suggestions', x.suggestions)
          FROM bike_coverage_sites x
          WHERE x.street_id = :street AND x.radius_m = :radius AND x.window_key = :key AND x.version = c.version),
         -- Every row answers the count; a site's row also its place. No row at all is a failure
         -- (`uncovered` null; coverage.ts).
         (SELECT json_build_object('uncovered', min(g.uncovered),
                                   'suggestions', coalesce(json_agg(json_build_object('lon', g.lon, 'lat', g.lat, 'demand', g.demand, 'gain_m2', g.gain_m2)
                                                                    ORDER BY g.k) FILTER (WHERE g.lon IS NOT NULL AND g.lat IS NOT NULL), '[]'::json))
          FROM bike_coverage_gaps(:street, :radius, :from, :to, :sites, false, :first, :end, :key, :keep)
               WITH ORDINALITY AS g (uncovered, lon, lat, demand, gain_m2, k))) AS gaps
FROM streets s
JOIN bike_coverage c ON c.street_id = s.id AND c.radius_m = :radius
WHERE s.id = :street

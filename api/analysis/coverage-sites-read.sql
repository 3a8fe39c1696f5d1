-- Why: the stored uncovered count and suggested sites of one (street, radius, window), if they were
-- computed from the coverage's current version (migration 0024).
SELECT s.uncovered, s.suggestions
FROM bike_coverage_sites s
JOIN bike_coverage c ON c.street_id = s.street_id AND c.radius_m = s.radius_m AND c.version = s.version
WHERE s.street_id = $1 AND s.radius_m = $2 AND s.window_key = $3

-- Why: city-scale coverage: $1 more bike zones, 12 m squares at the sites of generated issues.
INSERT INTO bike_zones (street_id, code, name, capacity, geom)
SELECT 1, 'BENCH-' || lpad(n::text, 5, '0'), '压测', 10, ST_Envelope(ST_Expand(geom, 0.00006))
FROM (SELECT geom, row_number() OVER (ORDER BY id) AS n FROM issues WHERE street_id = 1 ORDER BY id LIMIT $1) s

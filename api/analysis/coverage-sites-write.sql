-- Why: stores a freshly computed answer with the version it was computed from; a newer answer
-- already stored is kept, answers of older versions of the same radius are dropped, and so are the
-- oldest stored windows beyond the $7 kept per (street, radius) (migration 0029).
SELECT bike_coverage_sites_put($1, $2, $3, $4, $5, $6::jsonb, $7)

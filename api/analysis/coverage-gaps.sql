-- Why: the uncovered bike-parking issues and suggested sites of a coverage read, from the stored
-- cells, a window's running sums and partial days, or afresh from the issues, stored under the
-- window's key unless it is NULL: the function of migration 0344 (what it computes is described
-- there), planned once per connection. A read calls it inside coverage-read.sql; this statement
-- asks for it afresh ($6), the tests' reference (coverage.ts freshGaps). $1 street, $2 radius, $3/$4 the window, $5 the most sites,
-- $6 fresh, $7/$8 the window's first whole UTC day and the day after its last, $9 the key, $10 the
-- most windows kept per radius.
SELECT uncovered, lon, lat, demand, gain_m2 FROM bike_coverage_gaps($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)

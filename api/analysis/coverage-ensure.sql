-- Why: builds the cached coverage of this radius on first use (migration 0020 keeps it current).
SELECT bike_coverage_ensure($1, $2)

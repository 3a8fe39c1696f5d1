-- Why: the whole street's issues per category and status for one window (the control of an area
-- analysis is the street minus the area), without reading the street's issues: the function of
-- migration 0349 (what it computes is described there), planned once per connection. $1 street,
-- $2/$3 window, $4 categories, $5 now. One row, its rows as JSON, so that an empty answer can only
-- mean a failure (db/single.ts).
SELECT rows FROM street_counts_by_cells($1, $2, $3, $4, $5)

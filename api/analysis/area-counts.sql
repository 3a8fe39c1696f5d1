-- Why: issues inside an area per category and status, for one window, by the area's quadtree of
-- cells: the function of migration 0347 (what it computes is described there), planned once per
-- connection. $1 street, $2 the area (geometry text: the clipped polygon's hex EWKB, or GeoJSON),
-- $3/$4 window, $5 categories, $6 now; its leaves as area-leaves.sql answers them: $7 sizes, $8
-- columns, $9 rows, $10 whole or edge, $11/$12 the projected polygon shrunk and grown by 0.1 m, $13
-- its box. One row, its rows as JSON, so that an empty answer can only mean a failure (db/single.ts).
SELECT rows FROM area_counts_by_cells($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)

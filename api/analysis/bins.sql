-- Why: hot-spot bins counted in the database so the browser gets bins, not a million points, with
-- no geometry join and no projection per row. 100 m hexagons (the default map) group by the cell each
-- issue stored when it was written (hex100, migration 0026); other sizes compute the cell from the
-- stored EPSG:4547 coordinates (x_m, y_m, migration 0023): squares by floor(), hexagons as the nearer
-- of two candidate centres, one on the even columns' lattice and one on the odd columns' (the same
-- arithmetic as hex_cell() in 0026). The cells and their i, j are those of
-- ST_HexagonGrid/ST_SquareGrid with origin 0,0 (flat-topped hexagons, odd columns half a row up);
-- only the returned cells become polygons. Cells travel packed as i·2³² + (j + 2³¹).
-- $2 edge/side in metres, $3 'hex'|'square'.
WITH p AS (
  SELECT i.hex100, i.x_m, i.y_m, i.x_m / $2::float8 AS u, i.y_m / ($2::float8 * sqrt(3)) AS v
  FROM filtered_issues($1, $4, $5, $6, $7, $8, $9, $10) i
), c AS (
  -- OFFSET 0 computes the candidates once per row instead of once per use.
  SELECT *, round(u / 3) AS ma, round(v) AS ja, round((u - 1.5) / 3) AS mb, round(v - 0.5) AS jb
  FROM p WHERE NOT ($3 = 'hex' AND $2::float8 = 100) OFFSET 0
), k AS (
  SELECT hex100 AS key FROM p WHERE $3 = 'hex' AND $2::float8 = 100
  UNION ALL
  SELECT CASE WHEN $3 = 'square'
              THEN (floor(x_m / $2::float8)::bigint << 32) + (floor(y_m / $2::float8)::bigint + 2147483648)
              WHEN (u - 3 * ma) * (u - 3 * ma) + 3 * (v - ja) * (v - ja) <=
                   (u - 3 * mb - 1.5) * (u - 3 * mb - 1.5) + 3 * (v - jb - 0.5) * (v - jb - 0.5)
              THEN ((2 * ma)::bigint << 32) + (ja::bigint + 2147483648)
              ELSE ((2 * mb + 1)::bigint << 32) + (jb::bigint + 2147483648) END
  FROM c
), b AS (
  SELECT (key >> 32)::int AS i, ((key & 4294967295) - 2147483648)::int AS j, count(*)::int AS n FROM k GROUP BY key
)
SELECT i, j, n,
       ST_AsGeoJSON(ST_Transform(ST_SetSRID(CASE WHEN $3 = 'square' THEN ST_Square($2, i, j) ELSE ST_Hexagon($2, i, j) END, 4547), 4326), 7)::json AS geometry
FROM b
ORDER BY n DESC, i, j

-- Why: hot-spot bins counted in the database so the browser gets bins, not a million points. Each
-- issue's cell comes from its EPSG:4547 coordinates stored when it was written (x_m, y_m; migration
-- 0023), by arithmetic, with no geometry join and no projection per row: squares by floor(); hexagons
-- as the nearer of two candidate centres, one on the even columns' lattice and one on the odd
-- columns' (the hexagon holding a point is the one with the nearest centre). The cells and their
-- i, j are those of ST_HexagonGrid/ST_SquareGrid with origin 0,0 (flat-topped hexagons, odd columns
-- half a row up); only the returned cells are turned into polygons. $2 edge/side in metres,
-- $3 'hex'|'square'.
WITH p AS (
  SELECT i.x_m / $2::float8 AS u, i.y_m / ($2::float8 * sqrt(3)) AS v, i.y_m / $2::float8 AS w
  FROM filtered_issues($1, $4, $5, $6, $7, $8, $9, $10) i
), c AS (
  -- Candidate centres: even column 2·ma at row ja, odd column 2·mb + 1 at row jb + ½ (in edges / rows).
  -- OFFSET 0 computes them once per row instead of once per use.
  SELECT u, v, w, round(u / 3) AS ma, round(v) AS ja, round((u - 1.5) / 3) AS mb, round(v - 0.5) AS jb FROM p OFFSET 0
), d AS (
  SELECT u, w, ma, ja, mb, jb,
         (u - 3 * ma) * (u - 3 * ma) + 3 * (v - ja) * (v - ja) <=
         (u - 3 * mb - 1.5) * (u - 3 * mb - 1.5) + 3 * (v - jb - 0.5) * (v - jb - 0.5) AS even
  FROM c
), cell AS (
  SELECT CASE WHEN $3 = 'square' THEN floor(u) WHEN even THEN 2 * ma ELSE 2 * mb + 1 END::int AS i,
         CASE WHEN $3 = 'square' THEN floor(w) WHEN even THEN ja ELSE jb END::int AS j
  FROM d
)
SELECT i, j, n,
       ST_AsGeoJSON(ST_Transform(ST_SetSRID(CASE WHEN $3 = 'square' THEN ST_Square($2, i, j) ELSE ST_Hexagon($2, i, j) END, 4547), 4326), 7)::json AS geometry
FROM (SELECT i, j, count(*)::int AS n FROM cell GROUP BY i, j) b
ORDER BY n DESC, i, j

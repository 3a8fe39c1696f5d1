-- Why: hot-spot bins counted in the database so the browser gets bins, not a million points. Each
-- issue's cell is computed arithmetically from its EPSG:4547 coordinates, stored on the issue when it
-- was written (x_m, y_m; migration 0023), with cube rounding for hexagons: the same cells as
-- ST_HexagonGrid/ST_SquareGrid with origin 0,0, but with no geometry join and no projection per row;
-- only the returned cells are turned into polygons. $2 edge/side in metres, $3 'hex'|'square'.
WITH p AS (
  SELECT i.x_m AS x, i.y_m AS y FROM filtered_issues($1, $4, $5, $6, $7, $8, $9, $10) i
), f AS (
  SELECT x, y, (2.0 / 3 * x) / $2 AS q, (-x / 3 + sqrt(3) / 3 * y) / $2 AS r FROM p
), k AS (
  SELECT x, y, q, r, round(q) AS rq, round(r) AS rr, round(-q - r) AS rs FROM f
), axial AS (
  SELECT x, y,
         CASE WHEN abs(rq - q) > abs(rr - r) AND abs(rq - q) > abs(rs + q + r) THEN -rr - rs ELSE rq END AS aq,
         CASE WHEN abs(rq - q) > abs(rr - r) AND abs(rq - q) > abs(rs + q + r) THEN rr
              WHEN abs(rr - r) > abs(rs + q + r) THEN -rq - rs
              ELSE rr END AS ar
  FROM k
), cell AS (
  SELECT CASE WHEN $3 = 'square' THEN floor(x / $2) ELSE aq END::int AS i,
         CASE WHEN $3 = 'square' THEN floor(y / $2) ELSE ar + floor(aq / 2) END::int AS j
  FROM axial
)
SELECT i, j, n,
       ST_AsGeoJSON(ST_Transform(ST_SetSRID(CASE WHEN $3 = 'square' THEN ST_Square($2, i, j) ELSE ST_Hexagon($2, i, j) END, 4547), 4326), 7)::json AS geometry
FROM (SELECT i, j, count(*)::int AS n FROM cell GROUP BY i, j) b
ORDER BY n DESC, i, j

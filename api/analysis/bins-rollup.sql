-- Why: the default hot-spot map (100 m hexagons) from issue_hexes (migration 0300) instead of every
-- issue of the street: the window's whole local months (or all time) summed from the rollup, the
-- partial months at its edges counted from the issues on the reported_at index (issues_bins_ix,
-- which carries hex100), with the same split as the area counts (issue_cells_window, migration
-- 0028). Equal to bins.sql for 100 m hexagons under every filter but the bbox, which stays there.
-- $1 street, $2/$3 window, $4 categories, $5 statuses, $6 community, $7 grid (NULL = not filtered).
WITH w AS MATERIALIZED (
  SELECT * FROM issue_cells_window($1, $2, $3)
), k AS (
  -- The window's values as scalar subqueries (run once, before the scan), so that the grain and the
  -- months bound the index scan instead of filtering it.
  SELECT h.hex AS key, h.n
  FROM issue_hexes h
  WHERE h.street_id = $1 AND h.grain = (SELECT grain FROM w)
    AND h.month >= (SELECT lo FROM w) AND h.month < (SELECT hi FROM w)
    AND ($4::text[] IS NULL OR h.category_code = ANY ($4))
    AND ($5::text[] IS NULL OR h.status = ANY ($5))
    AND ($6::text IS NULL OR h.community_code = $6)
    AND ($7::text IS NULL OR h.grid_code = $7)
  UNION ALL
  -- The partial months, from the issues' covering index on reported_at (issues_bins_ix, which carries
  -- hex100, category and status; a NULL bound: no such span). Read from the table, not through
  -- filtered_issues(), which is not inlined with subquery arguments and would read every issue.
  SELECT i.hex100, 1
  FROM issues i
  WHERE i.street_id = $1 AND i.reported_at >= (SELECT s1_from FROM w) AND i.reported_at < (SELECT s1_to FROM w)
    AND ($4::text[] IS NULL OR i.category_code = ANY ($4))
    AND ($5::text[] IS NULL OR i.status = ANY ($5))
    AND ($6::text IS NULL OR i.community_code = $6)
    AND ($7::text IS NULL OR i.grid_code = $7)
  UNION ALL
  SELECT i.hex100, 1
  FROM issues i
  WHERE i.street_id = $1 AND i.reported_at >= (SELECT s2_from FROM w) AND i.reported_at < (SELECT s2_to FROM w)
    AND ($4::text[] IS NULL OR i.category_code = ANY ($4))
    AND ($5::text[] IS NULL OR i.status = ANY ($5))
    AND ($6::text IS NULL OR i.community_code = $6)
    AND ($7::text IS NULL OR i.grid_code = $7)
), b AS (
  SELECT (key >> 32)::int AS i, ((key & 4294967295) - 2147483648)::int AS j, sum(n)::int AS n
  FROM k GROUP BY key HAVING sum(n) > 0
)
SELECT i, j, n, ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_Hexagon(100, i, j), 4547), 4326), 7)::json AS geometry
FROM b
ORDER BY n DESC, i, j

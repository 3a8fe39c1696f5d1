-- Why: an admin change that names a group, grid, category or community must name one of this
-- street's, or be refused with a clear 422 before anything is written. $2 = grid codes (or null),
-- $3 = group code, $4 = category code, $5 = community code; each output lists what does not exist.
SELECT
  (SELECT coalesce(array_agg(x ORDER BY x), '{}') FROM unnest(coalesce($2::text[], '{}')) AS x
    WHERE NOT EXISTS (SELECT 1 FROM grids g WHERE g.street_id = $1 AND g.code = x)) AS grids,
  ($3::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM groups WHERE street_id = $1 AND code = $3)) AS group_missing,
  ($4::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM categories WHERE street_id = $1 AND code = $4)) AS category_missing,
  ($5::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM communities WHERE street_id = $1 AND code = $5)) AS community_missing

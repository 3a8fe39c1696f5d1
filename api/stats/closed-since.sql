-- Why: 本周销号 — issues closed (销号) at or after $2, however long ago they were reported, so the
-- reported-at window of the other figures does not apply. Merged duplicates are not cases of their
-- own. $3 category codes, $4 community, $5 grid, $6 the reader's grids (NULL = every grid),
-- $7 as_of: only closings up to that instant (the wall's 较上周同期; an issue closed then and
-- reopened since is not counted, its closing having been undone).
SELECT count(*)::int AS n
FROM issues
WHERE street_id = $1
  AND status = 'closed' AND merged_into IS NULL AND closed_at >= $2
  AND ($3::text[] IS NULL OR category_code = ANY ($3))
  AND ($4::text IS NULL OR community_code = $4)
  AND ($5::text IS NULL OR grid_code = $5)
  AND ($6::text[] IS NULL OR grid_code = ANY ($6))
  AND ($7::timestamptz IS NULL OR closed_at <= $7)

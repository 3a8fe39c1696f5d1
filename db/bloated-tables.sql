-- Why: the tables a bulk write left mostly dead space, for the embedded database's housekeeping to
-- rewrite (db/maintenance.ts). A load or import in one transaction updates the rollups its triggers
-- keep once per batch, and none of those versions can be removed before it commits: at 10⁶ issues
-- issue_day_cells took 2.1 GB for 307 MB of rows, and the 160 m cells' 7,741 rows a street's
-- all-time count reads lay on 6,967 index pages (docs/performance.md, "Rollups rewritten after a
-- bulk load"). VACUUM frees the space for later rows but keeps the pages. A table counts as bloated
-- when it holds more than $1 pages and more than $2 times the pages its live rows need (the
-- planner's row count times the rows' average width from pg_stats, plus each row's 28-byte header);
-- run after VACUUM (ANALYZE), which brings both up to date. One row: the tables' quoted names.
SELECT coalesce(array_agg(quote_ident(c.relname) ORDER BY c.relname), '{}') AS tables
FROM pg_class c
JOIN pg_namespace s ON s.oid = c.relnamespace
CROSS JOIN LATERAL (SELECT sum(st.avg_width) AS width FROM pg_stats st
                    WHERE st.schemaname = s.nspname AND st.tablename = c.relname) w
WHERE s.nspname = current_schema() AND c.relkind = 'r'
  AND c.relpages > $1
  AND c.relpages > $2 * greatest(c.reltuples, 0) * (28 + coalesce(w.width, 0)) / 8192

-- Why: every committed write moved the read cache's one data version, so each new report emptied
-- the whole cache, and answers that read no issue at all (the map layers: grids, communities,
-- points, bike zones, basemap; the grids' areas behind the statistics) were computed again after
-- every write of the 08:30 crowd. Writes to the tables below (issues and what is derived from or
-- attached to them) now notify with payload 'issues'; DataVersion.shape (db/adapter.ts) moves for
-- every other notification, and answers that read none of these tables key on it.
-- The list errs one way only: a table missing from it moves both versions (nothing stale, less
-- reuse). A test (api/cache/kinds.test.ts) holds that the SQL of the answers keyed on the shape
-- version names none of these tables.
CREATE OR REPLACE FUNCTION issue_data_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY['issues', 'issue_events', 'issue_photos', 'issue_rollup', 'issue_cells', 'issue_day_indicators',
               'issue_callbacks', 'notice_counters', 'hotline_cases', 'public_reports', 'public_report_feedback',
               'public_challenges', 'public_rate', 'inspections', 'inspection_items']
$$;

-- As 0290's, and a watched table of the list above says 'issues' (its trigger passes no argument).
CREATE OR REPLACE FUNCTION notify_data_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('cgm_data', coalesce(TG_ARGV[0], CASE WHEN TG_TABLE_NAME = ANY (issue_data_tables()) THEN 'issues' ELSE '' END));
  RETURN NULL;
END
$$;

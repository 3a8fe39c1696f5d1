-- Why: a report writes its issue and its first audit event ('report', to 'reported') in one statement,
-- and the day rollup's triggers (0330) recomputed the issue's marks twice: once for the issue and once
-- for the event, the second rewriting the marks the first had just written (0.9 ms of a report's
-- ~9 ms on PGlite, docs/performance.md). An issue's only status event, if it leads to an open status,
-- changes no mark: the replay counts an event only where it moves the issue across open/not open from
-- the status before it, and before the first one an issue is 'reported', which is open. So such an
-- event no longer refreshes the marks; every other status event still does, as before.
CREATE OR REPLACE FUNCTION issue_day_events_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM issue_day_refresh(array_agg(n.street_id), array_agg(n.issue_id))
  FROM new_rows n
  WHERE n.to_status IS NOT NULL
    AND NOT (is_open(n.to_status) AND NOT EXISTS (
      SELECT 1 FROM issue_events x
      WHERE x.street_id = n.street_id AND x.issue_id = n.issue_id AND x.to_status IS NOT NULL AND x.id <> n.id));
  RETURN NULL;
END $$;

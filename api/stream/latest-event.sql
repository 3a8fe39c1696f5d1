-- Why: a reader that missed more than its replay limit is told to reload and resumes after this id.
SELECT coalesce(max(id), 0) AS id FROM issue_events WHERE street_id = $1

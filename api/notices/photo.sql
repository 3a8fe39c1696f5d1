-- Why: the problem photo printed on the notice: the first photo of the report.
SELECT mime, data FROM issue_photos WHERE street_id = $1 AND issue_id = $2 ORDER BY id LIMIT 1

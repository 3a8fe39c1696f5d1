-- Why: serves one stored photo of the street.
SELECT mime, data, sha256 FROM issue_photos WHERE street_id = $1 AND id = $2

-- Why: a campaign's history, oldest first.
SELECT version, changed_by, changed_at, snapshot
FROM campaign_versions
WHERE street_id = $1 AND campaign_id = $2
ORDER BY version

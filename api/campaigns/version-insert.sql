-- Why: one version of a campaign as it was written, for its history.
INSERT INTO campaign_versions (street_id, campaign_id, version, changed_by, changed_at, snapshot)
VALUES ($1, $2, $3, $4, $5, $6::jsonb)

-- Why: the version a street's layers are at (0130); a cached tile of an older version is stale.
SELECT coalesce((SELECT version FROM layer_versions WHERE street_id = $1), 0) AS version

-- Why: the street a tile request names (or the deployment's only one) and the version its layers
-- are at (0130), in one round trip; a cached tile of an older version is stale.
SELECT s.id, coalesce(v.version, 0) AS version
FROM streets s
LEFT JOIN layer_versions v ON v.street_id = s.id
WHERE ($1::text IS NULL OR s.code = $1)
ORDER BY s.id
LIMIT 2

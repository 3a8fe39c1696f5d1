-- Why: photos are uploaded first and attached to an issue and event when the report or step is
-- written; a photo can belong to one issue only, so an already attached id is not taken again.
UPDATE issue_photos SET issue_id = $2, event_id = $3
WHERE street_id = $1 AND id = ANY ($4::bigint[]) AND (issue_id IS NULL OR (issue_id = $2 AND event_id IS NULL))
RETURNING id

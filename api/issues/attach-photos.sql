-- Why: photos are uploaded first and attached to an issue and event when the report or step is
-- written. A photo belongs to one issue only, and only its uploader ($5) or an admin ($6) may attach
-- it, so nobody can take over a photo someone else uploaded. $4 the photos' public ids.
UPDATE issue_photos SET issue_id = $2, event_id = $3
WHERE street_id = $1 AND public_id = ANY ($4::uuid[]) AND issue_id IS NULL
  AND (uploaded_by = $5 OR $6::boolean)
RETURNING public_id

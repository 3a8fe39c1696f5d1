-- Why: an accepted report's photos become the new issue's, on its first event (the report).
UPDATE issue_photos SET issue_id = $3, event_id = $4
WHERE street_id = $1 AND uploaded_by = 'public:' || $2 AND issue_id IS NULL
RETURNING public_id

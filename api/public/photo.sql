-- Why: a photo of a report in the moderation queue (unattached, owned by the report).
SELECT p.mime, p.data, p.sha256 FROM issue_photos p
WHERE p.street_id = $1 AND p.uploaded_by = 'public:' || $2 AND p.public_id = $3

-- Why: serves one stored photo of the street by its public id, with the grid of its issue for the
-- reader's scope, and its uploader: a photo not yet attached is only for its uploader (or an admin).
SELECT p.mime, p.data, p.sha256, p.issue_id, p.uploaded_by, i.grid_code
FROM issue_photos p
LEFT JOIN issues i ON i.street_id = p.street_id AND i.id = p.issue_id
WHERE p.street_id = $1 AND p.public_id = $2::uuid

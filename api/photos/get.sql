-- Why: serves one stored photo of the street, with the grid of its issue for the reader's scope.
SELECT p.mime, p.data, p.sha256, i.grid_code
FROM issue_photos p
LEFT JOIN issues i ON i.street_id = p.street_id AND i.id = p.issue_id
WHERE p.street_id = $1 AND p.id = $2

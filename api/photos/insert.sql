-- Why: photos live in the database (bytea) so both engines and every backup carry them; they are
-- attached to an issue and step when the report or transition that uses them is written.
INSERT INTO issue_photos (street_id, mime, bytes, sha256, data)
VALUES ($1, $2, $3, $4, $5)
RETURNING id

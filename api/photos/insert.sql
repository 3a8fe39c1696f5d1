-- Why: photos live in the database (bytea) so both engines and every backup carry them; they are
-- attached to an issue and step when the report or transition that uses them is written. The API
-- knows a photo by its random public id only; `uploaded_by` decides who may attach it.
INSERT INTO issue_photos (street_id, mime, bytes, sha256, data, uploaded_by)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING public_id

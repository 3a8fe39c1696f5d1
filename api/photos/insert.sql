-- Why: photos live in the database (bytea) so both engines and every backup carry them; they are
-- attached to an issue and step when the report or transition that uses them is written. The API
-- knows a photo by its random public id only; `uploaded_by` decides who may attach it. The evidence
-- fields (where and when it was taken, its perceptual hash) are kept; the metadata itself is not.
INSERT INTO issue_photos (street_id, mime, bytes, sha256, data, uploaded_by,
                          taken_at, taken_lon, taken_lat, evidence_source, evidence_flags, phash)
VALUES (:street, :mime, :bytes, :sha256, :data, :uploaded_by,
        :taken_at, :taken_lon, :taken_lat, :evidence_source, :evidence_flags, :phash)
RETURNING public_id

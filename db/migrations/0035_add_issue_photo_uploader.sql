-- Why: photo ids were a serial, so any signed-in user could guess a photo someone else had just
-- uploaded and attach it to their own report or step (issue 24, item 7). Every photo now gets a
-- random public id (a version 4 UUID, 122 random bits), the only id the API shows, and records who
-- uploaded it; only that user, or an admin, may attach it. Photos uploaded before this migration
-- have no uploader, so only an admin may still attach those.
ALTER TABLE issue_photos
  ADD COLUMN public_id   uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN uploaded_by text;
CREATE UNIQUE INDEX issue_photos_public_id_ux ON issue_photos (street_id, public_id);

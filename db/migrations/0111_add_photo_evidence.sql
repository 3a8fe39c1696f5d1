-- Why: 回头看 needs to know where and when a photo was taken, and whether an "after" photo is the
-- "before" photo again. Read from the photo before its metadata is stripped (or sent by the phone app
-- that re-encoded it), only these evidence fields are kept — never the raw metadata.
ALTER TABLE issue_photos
  ADD COLUMN taken_at       timestamptz,
  ADD COLUMN taken_lon      double precision CHECK (taken_lon BETWEEN -180 AND 180),
  ADD COLUMN taken_lat      double precision CHECK (taken_lat BETWEEN -90 AND 90),
  -- where the place and time came from: the file's EXIF, or the app (the phone's clock and position)
  ADD COLUMN evidence_source text CHECK (evidence_source IN ('exif', 'app')),
  -- what was read but refused as absurd (time_implausible, place_implausible)
  ADD COLUMN evidence_flags text[] NOT NULL DEFAULT '{}',
  -- 64-bit DCT perceptual hash (16 hex digits) of a JPEG's pixels; NULL for other formats
  ADD COLUMN phash          text CHECK (phash ~ '^[0-9a-f]{16}$');

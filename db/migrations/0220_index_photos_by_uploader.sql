-- Why: a resident's pending report owns its photos through issue_photos.uploaded_by = 'public:<id>'
-- (0080), and the 待审核 queue looks them up for every report of the page it shows; with no index on
-- the column each lookup read the whole photo table, so a page of 50 with 10,000 reports waiting took
-- ~130 ms on the server and more on PGlite, growing with every staff photo too (bench/public-reports).
-- Accepting a report (attach.sql) and a moderator's photo download look photos up the same way.
CREATE INDEX issue_photos_uploader_ix ON issue_photos (street_id, uploaded_by);

-- Why: an admin removes a basemap of their street (its archive file, if any, is removed after).
DELETE FROM basemaps WHERE street_id = $1 AND name = $2 RETURNING file

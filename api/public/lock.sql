-- Why: the report a moderator decides on, locked so two moderators cannot both decide it.
SELECT id, status, category_code, description, ST_X(geom) AS lon, ST_Y(geom) AS lat, received_at
FROM public_reports WHERE street_id = $1 AND id = $2
FOR UPDATE

-- Why: the 待审核 queue, newest first, a page at a time (the partial index on pending reports keeps
-- it fast with thousands waiting), each with its photos' ids and the open issues of the same
-- category within the street's duplicate radius — the same rule as the issues' duplicate finder.
WITH s AS (SELECT COALESCE((SELECT duplicate_radius_m FROM loop_settings WHERE street_id = $1), 50) AS radius),
page AS (
  SELECT r.* FROM public_reports r
  WHERE r.street_id = $1 AND r.status = 'pending'
    AND ($2::timestamptz IS NULL OR (r.received_at, r.id) < ($2::timestamptz, $3::bigint))
  ORDER BY r.received_at DESC, r.id DESC
  LIMIT $4
)
SELECT p.id, p.code, p.received_at, p.category_code, k.name AS category_name, p.description, p.phone,
       ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, p.grid_code, p.community_code,
       COALESCE((SELECT json_agg(ph.public_id ORDER BY ph.id) FROM issue_photos ph
                 WHERE ph.street_id = p.street_id AND ph.uploaded_by = 'public:' || p.id), '[]') AS photos,
       COALESCE((SELECT json_agg(d ORDER BY d.distance_m, d.id) FROM (
                   SELECT o.id, o.status, o.description, ST_Distance(o.geom::geography, p.geom::geography) AS distance_m,
                          ST_X(o.geom) AS lon, ST_Y(o.geom) AS lat
                   FROM issues o, s
                   WHERE o.street_id = p.street_id AND is_open(o.status) AND o.category_code = p.category_code
                     AND o.geom && ST_Expand(p.geom, s.radius / 90000.0)
                     AND ST_DWithin(o.geom::geography, p.geom::geography, s.radius)
                   ORDER BY 4, 1 LIMIT 5) d), '[]') AS possible_duplicates
FROM page p
LEFT JOIN categories k ON k.street_id = p.street_id AND k.code = p.category_code
ORDER BY p.received_at DESC, p.id DESC

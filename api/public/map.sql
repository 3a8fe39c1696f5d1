-- Why: the street's public map of 随手拍 (off unless an admin turned it on): residents' reports staff
-- accepted (or merged into an issue) in the 30 days up to $2, with what anyone may know — the
-- category, the community, roughly where (rounded to 0.0001°, about 10 m), the day, and how far the
-- issue has come. Never the reporter's phone, words, photos or 查询码, nor a pending or rejected report.
SELECT k.name AS category, co.name AS community, i.status, to_char(r.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day,
       round(ST_X(r.geom)::numeric, 4)::float8 AS lon, round(ST_Y(r.geom)::numeric, 4)::float8 AS lat
FROM public_reports r
JOIN issues i ON i.street_id = r.street_id AND i.id = r.issue_id
JOIN categories k ON k.street_id = r.street_id AND k.code = r.category_code
LEFT JOIN communities co ON co.street_id = r.street_id AND co.code = r.community_code
WHERE r.street_id = $1 AND r.status IN ('accepted', 'merged')
  AND r.received_at > $2::timestamptz - interval '30 days' AND r.received_at <= $2::timestamptz
ORDER BY r.received_at DESC
LIMIT $3

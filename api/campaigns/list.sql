-- Why: the street's campaigns, running ones first, then upcoming, then past; archived only when
-- asked ($2); a group leader sees only their group's ($3). The polygon is simplified to ~1 m for
-- maps and lists (the detail reads the exact one).
SELECT id, name, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.00001), 6)::json AS polygon, area_source,
       categories, group_code, phases, targets, starts_at, ends_at, baseline_from, baseline_to, archived, version, updated_at
FROM campaigns
WHERE street_id = $1
  AND ($2::boolean OR NOT archived)
  AND ($3::text IS NULL OR group_code = $3)
ORDER BY (ends_at <= $4) , (starts_at > $4), starts_at DESC, id DESC
LIMIT 500

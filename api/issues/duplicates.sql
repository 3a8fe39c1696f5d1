-- Why: a possible duplicate is an open issue of the same category within the street's radius
-- (loop_settings, 50 m by default), measured on the geography so the radius is in metres; $3 = the
-- grids the reader is limited to (a grid manager's patch; NULL for everyone else).
WITH me AS (
  SELECT i.geom, i.category_code,
         COALESCE((SELECT duplicate_radius_m FROM loop_settings WHERE street_id = $1), 50) AS radius
  FROM issues i WHERE i.street_id = $1 AND i.id = $2
)
SELECT o.id, o.status, o.reported_at, o.description,
       ST_Distance(o.geom::geography, me.geom::geography) AS distance_m
FROM issues o, me
WHERE o.street_id = $1 AND o.id <> $2 AND is_open(o.status) AND o.category_code = me.category_code
  -- a generous box (1° ≥ 90 km at this latitude) only lets the GiST index prune; ST_DWithin decides
  AND o.geom && ST_Expand(me.geom, me.radius / 90000.0)
  AND ST_DWithin(o.geom::geography, me.geom::geography, me.radius)
  AND ($3::text[] IS NULL OR o.grid_code = ANY ($3::text[]))
ORDER BY distance_m, o.id
LIMIT 10

-- Why: everything a new report needs decided before it is written, in one round trip: is the point
-- inside the street (answer 422 instead of letting the grid trigger raise), which grid and community
-- (the counting rule's locate_grid), the category's time limit, and the responsible group from the
-- rule table (category × community) falling back to the category's default group, and the street's
-- working-time calendar for the deadline.
SELECT ST_Intersects(s.boundary, p.geom) AS inside,
       loc.grid_code, loc.community_code,
       k.code AS category_code, k.time_limit_value, k.time_limit_unit,
       COALESCE(r.group_code, k.default_group_code) AS group_code,
       (SELECT COALESCE(json_agg(json_build_object('day', to_char(d.day, 'YYYY-MM-DD'), 'kind', d.kind)), '[]')
        FROM calendar_days d WHERE d.street_id = s.id) AS calendar
FROM streets s
CROSS JOIN (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS geom) p
LEFT JOIN LATERAL locate_grid(s.id, p.geom) loc ON true
LEFT JOIN categories k ON k.street_id = s.id AND k.code = $4
LEFT JOIN group_rules r ON r.street_id = s.id AND r.category_code = k.code AND r.community_code = loc.community_code
WHERE s.id = $1

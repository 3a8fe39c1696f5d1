-- Why: the issue triggers' statements planned before the warm-up takes 0190's event lock
-- (api/load/warm.ts): issues of the given categories inserted without their event, assigned by
-- warm-assign.sql, then rolled back to a savepoint. $1 street, $2 lon, $3 lat, $4 grid, $5 community,
-- $6 group, $7 now, $8 categories.
INSERT INTO issues (street_id, category_code, description, status, source, geom, source_crs, source_lon,
                    source_lat, grid_code, community_code, group_code, reported_at, deadline, reporter)
SELECT $1, c, '连接预热', 'reported', 'inspection', ST_SetSRID(ST_MakePoint($2, $3), 4326), 'wgs84', $2, $3,
       $4, $5, $6, $7, $7::timestamptz + interval '1 day', '系统'
FROM unnest($8::text[]) AS c
RETURNING id

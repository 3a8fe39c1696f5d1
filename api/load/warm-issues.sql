-- Why: the issue triggers' statements planned before the warm-up takes 0190's event lock
-- (api/load/warm.ts): an issue of the given category inserted without its event, assigned by
-- warm-assign.sql, then rolled back to a savepoint. $1 street, $2 lon, $3 lat, $4 grid, $5 community,
-- $6 group, $7 now, $8 category.
INSERT INTO issues (street_id, category_code, description, status, source, geom, source_crs, source_lon,
                    source_lat, grid_code, community_code, group_code, reported_at, deadline, reporter)
VALUES ($1, $8, '连接预热', 'reported', 'inspection', ST_SetSRID(ST_MakePoint($2, $3), 4326), 'wgs84', $2, $3,
       $4, $5, $6, $7, $7::timestamptz + interval '1 day', '系统')
RETURNING id

-- Why: bulk-loads generated issues with ids reserved beforehand, so their events can refer to them
-- in the next statement. Grid and community are set by the assignment trigger.
INSERT INTO issues (street_id, id, category_code, description, status, source, geom, source_crs,
                    source_lon, source_lat, grid_code, community_code, group_code, notice_no,
                    reported_at, deadline, closed_at, rework_count, version, reporter, synthetic)
OVERRIDING SYSTEM VALUE
SELECT $1, r.id, r.category_code, r.description, r.status, r.source,
       ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), 'wgs84', r.lon, r.lat, '', '',
       k.default_group_code, r.notice_no, r.reported_at, r.deadline, r.closed_at, r.rework_count,
       r.version, r.reporter, true
FROM jsonb_to_recordset($2::jsonb) AS r(id bigint, category_code text, description text, status text,
       source text, lon float8, lat float8, notice_no text, reported_at timestamptz, deadline timestamptz,
       closed_at timestamptz, rework_count int, version int, reporter text)
JOIN categories k ON k.street_id = $1 AND k.code = r.category_code

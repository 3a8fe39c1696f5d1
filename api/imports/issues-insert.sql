-- Why: the new issues of an import (or a 12345 order) and their first events in one statement ($2: JSON
-- array, $3: actor, $4: what the events' data adds).
-- Grid and community come from the assignment trigger (locate_grid here only fills NOT NULL and picks
-- the responsible group by the rule table, as a single report does).
WITH e AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(case_no text, category_code text, description text, source text,
    lon float8, lat float8, crs text, src_lon float8, src_lat float8, reported_at timestamptz, deadline timestamptz)
), i AS (
  INSERT INTO issues (street_id, category_code, description, status, source, geom, source_crs, source_lon, source_lat,
                      grid_code, community_code, group_code, reported_at, deadline, reporter, case_no)
  SELECT $1, e.category_code, e.description, 'reported', e.source, p.geom, e.crs, e.src_lon, e.src_lat,
         loc.grid_code, loc.community_code, COALESCE(r.group_code, k.default_group_code), e.reported_at, e.deadline, $3, e.case_no
  FROM e
  CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326) AS geom) p
  CROSS JOIN LATERAL locate_grid($1, p.geom) loc
  JOIN categories k ON k.street_id = $1 AND k.code = e.category_code
  LEFT JOIN group_rules r ON r.street_id = $1 AND r.category_code = k.code AND r.community_code = loc.community_code
  RETURNING street_id, id, reported_at, description, source, case_no
)
INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status, note, data)
SELECT street_id, id, reported_at, $3, 'report', NULL, 'reported', description,
       jsonb_build_object('source', source, 'case_no', case_no) || $4::jsonb
FROM i
RETURNING issue_id, id AS event_id

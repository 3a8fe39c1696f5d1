-- Why: the changed issues of an import, by case number, and an event on each timeline saying so ($4: the
-- import time). A row without coordinates keeps the place; without 整改时限 keeps the deadline.
WITH e AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(case_no text, category_code text, description text, source text,
    lon float8, lat float8, crs text, src_lon float8, src_lat float8, reported_at timestamptz, deadline timestamptz)
), u AS (
  UPDATE issues i
  SET category_code = e.category_code, description = e.description, source = e.source, reported_at = e.reported_at,
      deadline = COALESCE(e.deadline, i.deadline), version = i.version + 1,
      geom = CASE WHEN e.lon IS NULL THEN i.geom ELSE ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326) END,
      source_crs = CASE WHEN e.lon IS NULL THEN i.source_crs ELSE e.crs END,
      source_lon = CASE WHEN e.lon IS NULL THEN i.source_lon ELSE e.src_lon END,
      source_lat = CASE WHEN e.lon IS NULL THEN i.source_lat ELSE e.src_lat END
  FROM e
  WHERE i.street_id = $1 AND i.case_no = e.case_no
  RETURNING i.street_id, i.id, i.status, i.case_no
)
INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status, note, data)
SELECT street_id, id, $4, $3, 'import_update', status, status, '台账导入更新', jsonb_build_object('case_no', case_no)
FROM u
RETURNING issue_id, id AS event_id

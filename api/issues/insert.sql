-- Why: writes a new report and its first audit event in one statement (one round trip on the create
-- path). Grid and community are set again by the assignment trigger (the single source of the
-- counting rule); the values passed here only satisfy NOT NULL.
WITH i AS (
  INSERT INTO issues (street_id, category_code, description, status, source, geom, source_crs, source_lon,
                      source_lat, grid_code, community_code, group_code, reported_at, deadline, reporter)
  VALUES ($1, $2, $3, 'reported', $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $9, $10, $11, $12,
          $13, $14, $15)
  RETURNING street_id, id
)
INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status, note, data)
SELECT i.street_id, i.id, $13, $15, 'report', NULL, 'reported', $3, jsonb_build_object('source', $4::text, 'crs', $7::text)
FROM i
RETURNING issue_id AS id, id AS event_id

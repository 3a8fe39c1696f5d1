-- Why: records one 回访 of a closed or answered issue, once per closing ($3 = the event that closed or answered it),
-- and its event on the timeline; nothing when this closing already has its callback.
WITH c AS (
  INSERT INTO issue_callbacks (street_id, issue_id, closing_event, at, actor, satisfaction, note)
  VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (street_id, issue_id, closing_event) DO NOTHING
  RETURNING street_id, issue_id
)
INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status, note, data)
SELECT c.street_id, c.issue_id, $4, $5, 'callback', $8, $8, $7, jsonb_build_object('satisfaction', $6::text)
FROM c
RETURNING id

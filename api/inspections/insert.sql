-- Why: one inspection of a point with its score; week_start is the Monday of its ISO week in the
-- street's own zone (streets.timezone), so the weekly assessment reads weeks from an index.
-- :items = [{ code, pass, note, photos, issue_id }].
WITH i AS (
  INSERT INTO inspections (street_id, point_code, class_code, checklist_version, at, week_start, score, failed_items,
                           grid_code, community_code, inspector, created_at)
  SELECT :street, :point_code, :class_code, :version, :at,
         date_trunc('week', :at::timestamptz AT TIME ZONE s.timezone)::date, :score, :failed, :grid_code, :community_code,
         :inspector, :now
  FROM streets s WHERE s.id = :street
  RETURNING id
),
items AS (
  INSERT INTO inspection_items (street_id, inspection_id, item_code, pass, note, photos, issue_id)
  SELECT :street, i.id, e->>'code', (e->>'pass')::boolean, e->>'note',
         ARRAY(SELECT jsonb_array_elements_text(e->'photos'))::uuid[], (e->>'issue_id')::bigint
  FROM i, jsonb_array_elements(:items::jsonb) AS e
  RETURNING item_code
)
SELECT i.id, (SELECT count(*)::int FROM items) AS items FROM i

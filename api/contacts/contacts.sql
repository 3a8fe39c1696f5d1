-- Why: whom 督办 calls about a place: the grid managers of grid $2 and the leaders of group $3
-- (either may be null), enabled accounts of street $1 only; a grid manager lists all the grids of
-- their patch. Also says whether the grid and the group exist, so a typo is a 404, not "nobody".
WITH wanted AS (
  SELECT u.username, u.display_name, u.role, u.phone, u.group_code
  FROM users u
  WHERE u.street_id = $1 AND NOT u.disabled
    AND ((u.role = 'grid_manager' AND EXISTS (
            SELECT 1 FROM user_grids g WHERE g.street_id = u.street_id AND g.username = u.username AND g.grid_code = $2::text))
      OR (u.role = 'group_leader' AND u.group_code = $3::text))
)
SELECT
  ($2::text IS NULL OR EXISTS (SELECT 1 FROM grids WHERE street_id = $1 AND code = $2::text)) AS grid_known,
  ($3::text IS NULL OR EXISTS (SELECT 1 FROM groups WHERE street_id = $1 AND code = $3::text)) AS group_known,
  coalesce((
    SELECT json_agg(json_build_object(
             'username', w.username, 'display_name', w.display_name, 'role', w.role, 'phone', w.phone,
             'group_code', w.group_code,
             'grids', (SELECT coalesce(json_agg(g.grid_code ORDER BY g.grid_code), '[]'::json)
                       FROM user_grids g WHERE g.street_id = $1 AND g.username = w.username))
           ORDER BY w.role DESC, w.username)
    FROM wanted w), '[]'::json) AS contacts

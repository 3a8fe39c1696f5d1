-- Why: the communities and grids an admin picks from (rules, a grid manager's patch), without geometry.
SELECT 'community' AS kind, code, name, NULL::text AS community_code FROM communities WHERE street_id = $1
UNION ALL
SELECT 'grid', code, name, community_code FROM grids WHERE street_id = $1
ORDER BY kind, code

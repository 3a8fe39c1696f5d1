-- Why: the names shown beside the keys of an indicator table, for every unit of the chosen kind
-- (so units without issues still appear with zeros); for a grid manager ($3) only their own grids.
-- A group also names its 牵头领导 (leader), who answers for its numbers.
SELECT code AS key, name, NULL::text AS leader FROM communities WHERE street_id = $1 AND $2 = 'community'
UNION ALL SELECT code, name, NULL FROM grids WHERE street_id = $1 AND $2 = 'grid' AND ($3::text[] IS NULL OR code = ANY ($3::text[]))
UNION ALL SELECT code, name, leader_name FROM groups WHERE street_id = $1 AND $2 = 'group'
UNION ALL SELECT code, name, NULL FROM categories WHERE street_id = $1 AND $2 = 'category'
UNION ALL SELECT 'street', name, NULL FROM streets WHERE id = $1 AND $2 = 'street'
ORDER BY 1

-- Why: the streets of the deployment for the street switcher and the district view; $1 = the one
-- street a street's account may see (NULL: every street, for district accounts and public readers).
SELECT s.id, s.code, s.name, round(s.area_m2::numeric, 1)::float8 AS area_m2, s.synthetic
FROM streets s
WHERE $1::int IS NULL OR s.id = $1
ORDER BY s.code

-- Why: issues inside an area per category and status, for one window. Grids wholly inside the area
-- are counted from their assigned grid code (index, no geometry); only grids the outline crosses
-- test each issue's point. $6 is "now" for overdue.
WITH a AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS g),
touched AS (
  SELECT g.code, ST_CoveredBy(g.geom, a.g) AS whole
  FROM grids g, a
  WHERE g.street_id = $1 AND ST_Intersects(g.geom, a.g)
)
SELECT i.category_code, i.status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(i.status) AND i.deadline < $6)::int AS overdue
FROM touched t
CROSS JOIN a
JOIN filtered_issues($1, $3, $4, $5, NULL, NULL, t.code, NULL) i ON true
WHERE t.whole OR ST_Intersects(a.g, i.geom)
GROUP BY i.category_code, i.status

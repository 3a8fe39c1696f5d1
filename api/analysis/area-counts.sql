-- Why: issues inside an area per category and status, for one window. Grids wholly inside the area
-- are counted from their assigned grid code (index, no geometry); only issues in the grids the
-- outline crosses are tested point by point (GiST). $3/$4 window, $5 categories, $6 "now" (overdue).
WITH a AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS g),
whole AS (
  SELECT array_agg(g.code) AS codes
  FROM grids g, a
  WHERE g.street_id = $1 AND g.geom && a.g AND ST_CoveredBy(g.geom, a.g)
),
hits AS (
  SELECT i.category_code, i.status, i.deadline
  FROM issues i, whole w
  WHERE i.street_id = $1 AND i.grid_code = ANY (w.codes)
    AND ($3::timestamptz IS NULL OR i.reported_at >= $3) AND ($4::timestamptz IS NULL OR i.reported_at < $4)
    AND ($5::text[] IS NULL OR i.category_code = ANY ($5))
  UNION ALL
  SELECT i.category_code, i.status, i.deadline
  FROM issues i, a, whole w
  WHERE i.street_id = $1 AND ST_Intersects(a.g, i.geom) AND NOT (i.grid_code = ANY (coalesce(w.codes, '{}')))
    AND ($3::timestamptz IS NULL OR i.reported_at >= $3) AND ($4::timestamptz IS NULL OR i.reported_at < $4)
    AND ($5::text[] IS NULL OR i.category_code = ANY ($5))
)
SELECT category_code, status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(status) AND deadline < $6)::int AS overdue
FROM hits
GROUP BY category_code, status

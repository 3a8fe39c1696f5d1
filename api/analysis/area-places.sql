-- Why: the field points inside the area with the issues of the window reported within 30 m of each.
-- For all time the counts are kept per point and category by the writes (field_point_issues,
-- migration 0346). For a window, candidates come from the 10 m cell index (migration 0023), one
-- range scan per column of cells
-- around each point (a scan over several columns at once would read each column's whole length).
-- Their stored EPSG:4547 coordinates decide: closer than 29.9 m is within 30 m geodesically and
-- farther than 30.1 m is not (the projection's scale here is within 0.02% of true), so only the few
-- in between are measured on the spheroid, their points fetched by id (OR evaluates the
-- cheap test first). :shape the area (geometry text: the clipped polygon's hex EWKB, or GeoJSON),
-- :from/:to the window, :categories. One row, the places as JSON, so that an empty answer can only mean a failure.
WITH a AS (SELECT ST_SetSRID(:shape::geometry, 4326) AS g),
pts AS MATERIALIZED (
  SELECT p.id, p.code, p.name, p.class_code, p.geom, ST_X(t) AS px, ST_Y(t) AS py
  FROM field_points p, a, LATERAL (SELECT ST_Transform(p.geom, 4547) AS t OFFSET 0) tt
  WHERE p.street_id = :street AND ST_Intersects(a.g, p.geom)
), kept AS (
  -- All time: the kept counts (only when no window is asked).
  SELECT p.code, f.n
  FROM pts p
  JOIN field_point_issues f ON f.street_id = :street AND f.point_id = p.id
  WHERE :from::timestamptz IS NULL AND :to::timestamptz IS NULL
    AND (:categories::text[] IS NULL OR f.category_code = ANY (:categories))
), near AS (
  -- A window, per point and column of cells: the sure ones, plus those of the 29.9–30.1 m band that
  -- are within 30 m on the spheroid.
  SELECT p.code, s.n
  FROM pts p
  CROSS JOIN LATERAL generate_series(floor((p.px - 31) / 10)::int, floor((p.px + 31) / 10)::int) cx
  CROSS JOIN LATERAL (
    SELECT count(*) FILTER (WHERE d.d2 <= 29.9 * 29.9
                              OR ST_DWithin((SELECT g.geom FROM issues g WHERE g.street_id = :street AND g.id = s.id)::geography,
                                            p.geom::geography, 30)) AS n
    FROM issues s
    CROSS JOIN LATERAL (SELECT (s.x_m - p.px) * (s.x_m - p.px) + (s.y_m - p.py) * (s.y_m - p.py) AS d2) d
    WHERE s.street_id = :street AND floor(s.x_m / 10) = cx
      AND floor(s.y_m / 10) BETWEEN floor((p.py - 31) / 10) AND floor((p.py + 31) / 10)
      AND d.d2 <= 30.1 * 30.1
      AND (:from::timestamptz IS NULL OR s.reported_at >= :from)
      AND (:to::timestamptz IS NULL OR s.reported_at < :to)
      AND (:categories::text[] IS NULL OR s.category_code = ANY (:categories))
    OFFSET 0) s  -- a scan per column, never one hashed scan of the whole index
  WHERE :from::timestamptz IS NOT NULL OR :to::timestamptz IS NOT NULL
)
SELECT coalesce(json_agg(r ORDER BY r.issues DESC, r.code), '[]') AS rows FROM (
SELECT p.code, p.name, p.class_code, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, coalesce(sum(n.n), 0)::int AS issues
FROM pts p
LEFT JOIN (SELECT * FROM kept UNION ALL SELECT * FROM near) n ON n.code = p.code
GROUP BY p.code, p.name, p.class_code, p.geom) r

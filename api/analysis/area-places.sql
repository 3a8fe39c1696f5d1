-- Why: the field points inside the area with the issues of the window reported within 30 m of each.
-- Candidates come from the 10 m cell index around each point (migration 0023), and their stored
-- EPSG:4547 coordinates decide: closer than 29.9 m is within 30 m geodesically and farther than
-- 30.1 m is not (the projection's scale here is within 0.02% of true), so only the few in between
-- are measured on the spheroid (found from the index alone, then fetched by id). $3/$4 window,
-- $5 categories.
WITH a AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS g),
pts AS (
  SELECT p.code, p.name, p.class_code, p.geom, ST_X(t) AS px, ST_Y(t) AS py
  FROM field_points p, a, LATERAL (SELECT ST_Transform(p.geom, 4547) AS t OFFSET 0) tt
  WHERE p.street_id = $1 AND ST_Intersects(a.g, p.geom)
)
SELECT p.code, p.name, p.class_code, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat,
       (SELECT count(*)::int
        FROM issues s
        WHERE s.street_id = $1
          AND floor(s.x_m / 10) BETWEEN floor((p.px - 31) / 10) AND floor((p.px + 31) / 10)
          AND floor(s.y_m / 10) BETWEEN floor((p.py - 31) / 10) AND floor((p.py + 31) / 10)
          AND ($3::timestamptz IS NULL OR s.reported_at >= $3)
          AND ($4::timestamptz IS NULL OR s.reported_at < $4)
          AND ($5::text[] IS NULL OR s.category_code = ANY ($5))
          AND (s.x_m - p.px) * (s.x_m - p.px) + (s.y_m - p.py) * (s.y_m - p.py) <= 29.9 * 29.9)
       +
       (SELECT count(*)::int
        FROM issues g
        WHERE g.street_id = $1
          AND g.id IN (SELECT s.id
                       FROM issues s
                       WHERE s.street_id = $1
                         AND floor(s.x_m / 10) BETWEEN floor((p.px - 31) / 10) AND floor((p.px + 31) / 10)
                         AND floor(s.y_m / 10) BETWEEN floor((p.py - 31) / 10) AND floor((p.py + 31) / 10)
                         AND ($3::timestamptz IS NULL OR s.reported_at >= $3)
                         AND ($4::timestamptz IS NULL OR s.reported_at < $4)
                         AND ($5::text[] IS NULL OR s.category_code = ANY ($5))
                         AND (s.x_m - p.px) * (s.x_m - p.px) + (s.y_m - p.py) * (s.y_m - p.py) > 29.9 * 29.9
                         AND (s.x_m - p.px) * (s.x_m - p.px) + (s.y_m - p.py) * (s.y_m - p.py) <= 30.1 * 30.1)
          AND ST_DWithin(g.geom::geography, p.geom::geography, 30)) AS issues
FROM pts p
ORDER BY issues DESC, p.code

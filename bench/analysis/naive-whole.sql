-- Why: the naive peer of the whole area analysis (api/analysis/area.ts analyseArea), one statement
-- answering everything the response holds for one window: the area's counts per category and status
-- with "overdue" (ST_Intersects through the GiST index), the street's (the control is the street
-- minus the area), the area's m², the street's m² and the covered part at radius $2 (every bike
-- zone's buffer unioned at each request, as naive-coverage.sql), and the field points inside with
-- the issues within 30 m of each (ST_DWithin on the spheroid). $1 the area (GeoJSON), $2 radius,
-- $3/$4 window, $5 now.
WITH a AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g),
win AS (
  SELECT i.category_code, i.status, i.deadline FROM issues i
  WHERE i.street_id = 1 AND ($3::timestamptz IS NULL OR i.reported_at >= $3) AND ($4::timestamptz IS NULL OR i.reported_at < $4)
),
counts AS (
  -- The area's issues found through the GiST index, the street's counted whole.
  SELECT json_agg(c) AS j FROM (
    SELECT st.category_code, st.status, coalesce(ar.n, 0) AS area, st.n AS street,
           coalesce(ar.overdue, 0) AS area_overdue, st.overdue AS street_overdue
    FROM (SELECT category_code, status, count(*)::int AS n,
                 count(*) FILTER (WHERE is_open(status) AND deadline < $5)::int AS overdue
          FROM win GROUP BY 1, 2) st
    LEFT JOIN (SELECT i.category_code, i.status, count(*)::int AS n,
                      count(*) FILTER (WHERE is_open(i.status) AND i.deadline < $5)::int AS overdue
               FROM issues i, a
               WHERE i.street_id = 1 AND ST_Intersects(a.g, i.geom)
                 AND ($3::timestamptz IS NULL OR i.reported_at >= $3) AND ($4::timestamptz IS NULL OR i.reported_at < $4)
               GROUP BY 1, 2) ar ON ar.category_code = st.category_code AND ar.status = st.status) c
),
facts AS (
  SELECT ST_Area(ST_Intersection(s.boundary, a.g)::geography) AS area_m2, ST_Area(s.boundary::geography) AS street_area_m2,
         ST_Area(ST_Intersection(ST_Transform(ST_Intersection(s.boundary, a.g), 4547),
                                 (SELECT ST_Union(ST_Buffer(ST_Transform(z.geom, 4547), $2, 8)) FROM bike_zones z WHERE z.street_id = 1))) AS covered_m2
  FROM streets s, a WHERE s.id = 1
),
places AS (
  SELECT json_agg(p ORDER BY p.issues DESC, p.code) AS j FROM (
    SELECT f.code, f.name, ST_X(f.geom) AS lon, ST_Y(f.geom) AS lat,
           -- the box (±0.0005°, over 45 m here) lets the GiST index find the candidates
           (SELECT count(*) FROM issues i
            WHERE i.street_id = 1 AND i.geom && ST_Expand(f.geom, 0.0005) AND ST_DWithin(i.geom::geography, f.geom::geography, 30)
              AND ($3::timestamptz IS NULL OR i.reported_at >= $3) AND ($4::timestamptz IS NULL OR i.reported_at < $4))::int AS issues
    FROM field_points f, a WHERE f.street_id = 1 AND ST_Intersects(a.g, f.geom)) p
)
SELECT counts.j AS counts, facts.*, places.j AS places FROM counts, facts, places

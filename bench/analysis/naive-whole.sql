-- Why: the naive peer of the whole area analysis (api/analysis/area.ts analyseArea), one statement
-- answering everything the response holds for one window: the area's counts per category and status
-- with "overdue" (ST_Intersects over the street's issues), the street's (the control is the street
-- minus the area), the area's m², the street's m² and the covered part at radius $2 (every bike
-- zone's buffer unioned at each request, as naive-coverage.sql), and the field points inside with
-- the issues within 30 m of each (ST_DWithin on the spheroid). $1 the area (GeoJSON), $2 radius,
-- $3/$4 window, $5 now.
WITH a AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g),
win AS (
  SELECT i.* FROM issues i
  WHERE i.street_id = 1 AND ($3::timestamptz IS NULL OR i.reported_at >= $3) AND ($4::timestamptz IS NULL OR i.reported_at < $4)
),
counts AS (
  SELECT json_agg(c) AS j FROM (
    SELECT i.category_code, i.status, count(*) FILTER (WHERE ST_Intersects(a.g, i.geom))::int AS area,
           count(*)::int AS street,
           count(*) FILTER (WHERE ST_Intersects(a.g, i.geom) AND is_open(i.status) AND i.deadline < $5)::int AS area_overdue,
           count(*) FILTER (WHERE is_open(i.status) AND i.deadline < $5)::int AS street_overdue
    FROM win i, a GROUP BY 1, 2) c
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
           (SELECT count(*) FROM win i WHERE ST_DWithin(i.geom::geography, f.geom::geography, 30))::int AS issues
    FROM field_points f, a WHERE f.street_id = 1 AND ST_Intersects(a.g, f.geom)) p
)
SELECT counts.j AS counts, facts.*, places.j AS places FROM counts, facts, places

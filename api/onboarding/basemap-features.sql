-- Why: the street's own basemap features from the import ($2: [{ kind, name, class, geom: GeoJSON
-- text }] in WGS84), kept where they lie within 300 m of the staged boundary and cut there (a city's
-- road file must not become the street's); written for street $1, or only counted when $1 is NULL
-- (a dry run; the insert runs, and writes nothing, either way). Answers, per kind, the features kept
-- and those left out.
WITH frame AS (
  SELECT ST_Buffer(ST_Union(geom)::geography, 300)::geometry AS g FROM onboard_features WHERE layer = 'boundary'
), src AS (
  SELECT r.kind, coalesce(r.name, '') AS name, coalesce(r.class, '') AS class,
         ST_MakeValid(ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(r.geom)), 4326)) AS geom
  FROM jsonb_to_recordset($2::jsonb) AS r(kind text, name text, class text, geom text)
), cut AS (
  SELECT s.kind, s.name, s.class,
         ST_CollectionExtract(ST_Intersection(s.geom, f.g), CASE s.kind WHEN 'road' THEN 2 WHEN 'place' THEN 1 ELSE 3 END) AS geom
  FROM src s, frame f
  WHERE ST_Intersects(s.geom, f.g)
), kept AS (
  SELECT * FROM cut WHERE NOT ST_IsEmpty(geom) AND ST_IsValid(geom)
), written AS (
  INSERT INTO basemap_features (street_id, kind, name, class, geom)
  SELECT $1, kind, name, class, geom FROM kept WHERE $1::integer IS NOT NULL
  RETURNING 1
)
SELECT s.kind, coalesce(k.n, 0)::int AS kept, (s.n - coalesce(k.n, 0))::int AS left_out
FROM (SELECT kind, count(*) AS n FROM src GROUP BY kind) s
LEFT JOIN (SELECT kind, count(*) AS n FROM kept GROUP BY kind) k USING (kind)
ORDER BY s.kind

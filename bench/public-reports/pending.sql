-- Why: the bench's pending reports for the 待审核 queue, written in bulk but shaped as POST
-- /public/reports writes them (api/public/insert.sql): a place inside one of the street's grids with
-- that grid and community, one of the street's categories, a description, a phone on every third,
-- a random 查询码 ($2) and a fingerprint, one photo owned by the report ('public:<id>'), received a
-- minute apart going back from $3.
WITH g AS (
  SELECT code, community_code, geom, row_number() OVER (ORDER BY code) AS k, count(*) OVER () AS n
  FROM grids WHERE street_id = $1
), cat AS (
  SELECT array_agg(code ORDER BY code) AS codes FROM categories WHERE street_id = $1
), src AS (
  SELECT c.code, c.i, g.code AS grid_code, g.community_code,
         (ST_Dump(ST_GeneratePoints(g.geom, 1))).geom AS geom,
         cat.codes[1 + (c.i % cardinality(cat.codes))::int] AS category
  FROM unnest($2::text[]) WITH ORDINALITY AS c (code, i)
  JOIN g ON g.k = 1 + c.i % g.n
  CROSS JOIN cat
), r AS (
  INSERT INTO public_reports (street_id, code, category_code, description, phone, geom, crs, lon_in, lat_in,
                              grid_code, community_code, received_at, fingerprint)
  SELECT $1, code, category, '路边堆了很多杂物，影响通行 (bench ' || i || ')',
         CASE WHEN i % 3 = 0 THEN '138' || lpad(i::text, 8, '0') END,
         geom, 'wgs84', ST_X(geom), ST_Y(geom), grid_code, community_code,
         $3::timestamptz - i * interval '1 minute', md5(code)
  FROM src
  RETURNING street_id, id
)
INSERT INTO issue_photos (street_id, mime, bytes, sha256, data, uploaded_by)
SELECT r.street_id, 'image/jpeg', length($4::bytea), encode(sha256($4::bytea), 'hex'), $4::bytea, 'public:' || r.id
FROM r

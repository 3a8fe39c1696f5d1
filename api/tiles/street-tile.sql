-- Why: one vector tile of a street's own layers, cut in PostGIS on both engines. PGlite's PostGIS
-- has no protobuf-c, so neither ST_AsMVT nor ST_AsMVTGeom exists there: this clips to the tile
-- (plus a buffer) in Web Mercator, maps onto the tile's integer grid and snaps, which is what
-- ST_AsMVTGeom does; api/tiles/mvt.ts writes the protobuf.
WITH t AS (
  SELECT ST_TileEnvelope(:z::int, :x::int, :y::int) AS e
), b AS (
  SELECT e,
         ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * :buffer::float8 / :extent::float8) AS eb,
         :extent::float8 / (ST_XMax(e) - ST_XMin(e)) AS scale
  FROM t
), q AS (
  -- Mercator is separable in x and y, so the buffered tile is a lon/lat rectangle: an exact index filter
  SELECT b.*, ST_Transform(b.eb, 4326) AS ll FROM b
), f AS (
  SELECT 'boundary' AS layer, s.code AS ord, NULL::bigint AS id, s.boundary AS geom,
         jsonb_build_object('code', s.code, 'name', s.name) AS props
  FROM streets s, q WHERE s.id = :street AND s.boundary && q.ll
  UNION ALL
  SELECT 'communities', c.code, NULL, c.geom,
         jsonb_build_object('code', c.code, 'name', c.name)
  FROM communities c, q WHERE c.street_id = :street AND c.geom && q.ll
  UNION ALL
  SELECT 'grids', g.code, NULL, g.geom,
         -- no manager's name: tiles carry no personal field (as /ogc)
         jsonb_build_object('code', g.code, 'name', g.name, 'community_code', g.community_code,
           'area_m2', round(g.area_m2::numeric, 1))
  FROM grids g, q WHERE g.street_id = :street AND g.geom && q.ll
  UNION ALL
  SELECT 'points', p.code, p.id, p.geom,
         jsonb_build_object('id', p.id, 'code', p.code, 'name', p.name, 'class_code', p.class_code,
           'class_name', k.name, 'grid_code', p.grid_code, 'community_code', p.community_code)
  FROM field_points p
  JOIN point_classes k ON k.street_id = p.street_id AND k.code = p.class_code, q
  WHERE p.street_id = :street AND p.geom && q.ll
  UNION ALL
  SELECT 'bike_zones', z.code, z.id, z.geom,
         jsonb_build_object('id', z.id, 'code', z.code, 'name', z.name, 'capacity', z.capacity)
  FROM bike_zones z, q WHERE z.street_id = :street AND z.geom && q.ll
  UNION ALL
  SELECT 'basemap', lpad(m.id::text, 20, '0'), m.id, m.geom,
         jsonb_build_object('kind', m.kind, 'name', m.name, 'class', m.class)
  FROM basemap_features m, q WHERE m.street_id = :street AND m.geom && q.ll
), cut AS (
  SELECT f.layer, f.ord, f.id, f.props,
         ST_SnapToGrid(ST_Affine(ST_ClipByBox2D(ST_Transform(f.geom, 3857), q.eb),
           q.scale, 0, 0, -q.scale, -ST_XMin(q.e) * q.scale, ST_YMax(q.e) * q.scale), 1) AS g
  FROM f, q
)
SELECT layer, id, props, ST_AsGeoJSON(g, 0)::json AS geometry
FROM cut
WHERE NOT ST_IsEmpty(g)
ORDER BY layer, ord

-- Why: the server-only alternative the bench compares with: ST_AsMVTGeom + ST_AsMVT per layer
-- (PostGIS built with protobuf-c); the same layers and properties as api/tiles/street-tile.sql.
WITH b AS (SELECT ST_TileEnvelope($2, $3, $4) AS e),
q AS (SELECT e, ST_Transform(ST_Expand(e, (ST_XMax(e) - ST_XMin(e)) * 64 / 4096.0), 4326) AS ll FROM b),
boundary AS (
  SELECT s.code, s.name, ST_AsMVTGeom(ST_Transform(s.boundary, 3857), q.e, 4096, 64, true) AS geom
  FROM streets s, q WHERE s.id = $1 AND s.boundary && q.ll),
communities AS (
  SELECT c.code, c.name, ST_AsMVTGeom(ST_Transform(c.geom, 3857), q.e, 4096, 64, true) AS geom
  FROM communities c, q WHERE c.street_id = $1 AND c.geom && q.ll),
grids AS (
  SELECT g.code, g.name, g.community_code, round(g.area_m2::numeric, 1) AS area_m2,
         ST_AsMVTGeom(ST_Transform(g.geom, 3857), q.e, 4096, 64, true) AS geom
  FROM grids g, q WHERE g.street_id = $1 AND g.geom && q.ll),
points AS (
  SELECT p.id, p.code, p.name, p.class_code, k.name AS class_name, p.grid_code, p.community_code,
         ST_AsMVTGeom(ST_Transform(p.geom, 3857), q.e, 4096, 64, true) AS geom
  FROM field_points p JOIN point_classes k ON k.street_id = p.street_id AND k.code = p.class_code, q
  WHERE p.street_id = $1 AND p.geom && q.ll),
bike_zones AS (
  SELECT z.id, z.code, z.name, z.capacity, ST_AsMVTGeom(ST_Transform(z.geom, 3857), q.e, 4096, 64, true) AS geom
  FROM bike_zones z, q WHERE z.street_id = $1 AND z.geom && q.ll),
basemap AS (
  SELECT m.kind, m.name, m.class, ST_AsMVTGeom(ST_Transform(m.geom, 3857), q.e, 4096, 64, true) AS geom
  FROM basemap_features m, q WHERE m.street_id = $1 AND m.geom && q.ll)
SELECT (SELECT coalesce(ST_AsMVT(basemap, 'basemap'), '') FROM basemap WHERE geom IS NOT NULL)
    || (SELECT coalesce(ST_AsMVT(boundary, 'boundary'), '') FROM boundary WHERE geom IS NOT NULL)
    || (SELECT coalesce(ST_AsMVT(communities, 'communities'), '') FROM communities WHERE geom IS NOT NULL)
    || (SELECT coalesce(ST_AsMVT(grids, 'grids'), '') FROM grids WHERE geom IS NOT NULL)
    || (SELECT coalesce(ST_AsMVT(bike_zones, 'bike_zones'), '') FROM bike_zones WHERE geom IS NOT NULL)
    || (SELECT coalesce(ST_AsMVT(points, 'points'), '') FROM points WHERE geom IS NOT NULL) AS mvt

-- Why: the offline locator's gazetteer, built from the street's own data: field points (their names
-- and places), communities (a point inside each), named roads (merged lines, as GeoJSON), and the
-- named places and buildings of its own basemap (the street importer), which are places like points.
SELECT 'point' AS kind, name, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM field_points WHERE street_id = $1
UNION ALL
SELECT 'community', name, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM communities WHERE street_id = $1
UNION ALL
SELECT 'road', name, ST_X(ST_PointOnSurface(ST_Collect(geom))), ST_Y(ST_PointOnSurface(ST_Collect(geom)))
FROM basemap_features WHERE street_id = $1 AND kind = 'road' AND name <> '' GROUP BY name
UNION ALL
SELECT 'point', name, ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom))
FROM basemap_features WHERE street_id = $1 AND kind IN ('place', 'building') AND name <> ''

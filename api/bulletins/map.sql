-- Why: the 通报's map: each community (or grid, $2) outline as an SVG path in metres (EPSG:4547,
-- y up; the renderer flips it), and the street's extent, so scores can be coloured server-side.
SELECT u.code, ST_AsSVG(ST_Transform(u.geom, 4547), 0, 1) AS d, ST_XMin(e) AS xmin, ST_YMin(e) AS ymin, ST_XMax(e) AS xmax,
       ST_YMax(e) AS ymax, ST_X(ST_Centroid(ST_Transform(u.geom, 4547))) AS cx, ST_Y(ST_Centroid(ST_Transform(u.geom, 4547))) AS cy
FROM (
  SELECT code, geom FROM communities WHERE street_id = $1 AND $2 = 'community'
  UNION ALL SELECT code, geom FROM grids WHERE street_id = $1 AND $2 = 'grid'
) u
CROSS JOIN (SELECT ST_Transform(boundary, 4547)::box2d AS e FROM streets WHERE id = $1) s
ORDER BY u.code

-- Why: the 通报's map shows the street's roads (its own basemap features) over the scored units, so a
-- reader finds a community by the roads around it. Clipped to the street's extent with the map's
-- margin, in EPSG:4547 metres like the units (map.sql); arterials last, so they are drawn on top.
SELECT f.name, f.class, ST_AsSVG(ST_Intersection(ST_Transform(f.geom, 4547), s.frame), 0, 1) AS d
FROM basemap_features f
CROSS JOIN (SELECT ST_Transform(boundary, 4547) AS b FROM streets WHERE id = $1) t
CROSS JOIN LATERAL (
  SELECT ST_SetSRID(ST_Expand(t.b::box2d, 0.03 * greatest(ST_XMax(t.b) - ST_XMin(t.b), ST_YMax(t.b) - ST_YMin(t.b)))::geometry, 4547) AS frame
) s
WHERE f.street_id = $1 AND f.kind = 'road' AND ST_Intersects(ST_Transform(f.geom, 4547), s.frame)
ORDER BY CASE f.class WHEN 'arterial' THEN 2 WHEN 'secondary' THEN 1 ELSE 0 END, f.id

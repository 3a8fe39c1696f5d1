-- Why: a campaign area made of whole communities ($2 = 'communities') or grids ('grids'): the union
-- of their polygons as GeoJSON, and the codes that exist (the caller compares them with those asked).
SELECT ST_AsGeoJSON(ST_Union(geom), 15) AS polygon, array_agg(code ORDER BY code) AS found
FROM (
  SELECT code, geom FROM communities WHERE street_id = $1 AND $2 = 'communities' AND code = ANY ($3::text[])
  UNION ALL
  SELECT code, geom FROM grids WHERE street_id = $1 AND $2 = 'grids' AND code = ANY ($3::text[])
) u

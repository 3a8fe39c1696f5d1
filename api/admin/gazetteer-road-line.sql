-- Why: a named road as one line, the way a 门牌 range runs along it (reversed when the numbers start at
-- its other end). NULL line: the road's pieces do not join into a single line.
WITH merged AS (
  SELECT ST_LineMerge(ST_Union(geom)) AS g FROM basemap_features WHERE street_id = $1 AND kind = 'road' AND name = $2
)
SELECT CASE WHEN GeometryType(g) = 'LINESTRING' THEN CASE WHEN $3::boolean THEN ST_Reverse(g) ELSE g END END AS line,
       g IS NOT NULL AS found
FROM merged

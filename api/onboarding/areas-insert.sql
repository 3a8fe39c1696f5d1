-- Why: the staged communities, then grids, become the street's ($1); areas on the spheroid (m²).
WITH c AS (
  INSERT INTO communities (street_id, code, name, geom, area_m2, synthetic)
  SELECT $1, code, name, geom, ST_Area(geom::geography), false
  FROM onboard_features WHERE layer = 'communities'
  RETURNING code
)
SELECT count(*)::int AS n FROM c

-- Why: an analysis polygon must be a valid area (ST_IsValidReason says why not), not degenerate, and
-- meet the street; and it is clipped to the street's box widened by $3 degrees before anything
-- densifies, projects or counts it, so a whole-world polygon costs what the street costs (densified
-- unclipped, the world is 1.08 million vertices whose EPSG:4547 image is invalid; on PGlite the GEOS
-- error that follows is dropped without a word and its memory is never freed). Every step runs only
-- when the one before passed (CASE), so no overlay ever sees an invalid polygon. The street's issues
-- and field points lie inside its boundary, so the clip changes no count. Returns one row:
-- degenerate = planar lon/lat area, in m² at the street's latitude, under $4 (collinear or
-- coincident points: their lon/lat area is zero but for rounding); inside_m2 = geodesic area of its
-- part of the street; shape = the clipped polygon as hex EWKB (exact, for area.ts). Each step is
-- MATERIALIZED so that the polygon is parsed, validated and clipped once, not once per reference.
WITH s AS (
  SELECT boundary, ST_Expand(ST_Envelope(boundary), $3::float8) AS box,
         111320.0 * 110574.0 * cos(radians(ST_Y(ST_Centroid(ST_Envelope(boundary))))) AS m2_per_deg2
  FROM streets WHERE id = $1
), a AS MATERIALIZED (
  SELECT s.*, g, ST_IsValid(g) AS valid FROM s, (SELECT ST_SetSRID(ST_GeomFromGeoJSON($2), 4326) AS g) x
), d AS MATERIALIZED (
  SELECT a.*, CASE WHEN NOT valid THEN ST_IsValidReason(g) END AS reason,
         CASE WHEN valid THEN ST_Area(g) * m2_per_deg2 < $4::float8 END AS degenerate
  FROM a
), c AS MATERIALIZED (
  SELECT d.*,
         CASE WHEN valid AND NOT degenerate THEN
           CASE WHEN ST_CoveredBy(g, box) THEN g ELSE ST_CollectionExtract(ST_Intersection(g, box), 3) END
         END AS clip
  FROM d
)
SELECT valid, reason, degenerate,
       CASE WHEN clip IS NOT NULL AND ST_Intersects(boundary, clip)
            THEN ST_Area(ST_Intersection(boundary, clip)::geography) ELSE 0 END AS inside_m2,
       clip::text AS shape
FROM c

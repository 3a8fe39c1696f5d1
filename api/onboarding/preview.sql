-- Why: the staged layers as the preview map draws them (WGS84, 6 decimals ≈ 0.1 m), with their areas.
SELECT layer, idx, code, name, parent, ST_AsGeoJSON(geom, 6) AS geom,
       CASE WHEN layer = 'points' THEN 0 ELSE ST_Area(geom::geography) END AS area_m2
FROM onboard_features
ORDER BY layer, idx

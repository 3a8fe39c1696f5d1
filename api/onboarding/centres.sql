-- Why: a point inside each staged feature, where the problems of its code or name are shown.
SELECT layer, idx, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
FROM onboard_features
ORDER BY layer, idx

-- Why: the basemaps a street has brought in, for the web app's switcher (GET /basemaps).
SELECT name, kind, format, tile_type, crs, minzoom, maxzoom, bounds, attribution, vector_layers, file, url
FROM basemaps
WHERE street_id = $1
ORDER BY created_at, name

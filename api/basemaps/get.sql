-- Why: one basemap of a street by name, to serve its tiles.
SELECT name, kind, format, tile_type, crs, minzoom, maxzoom, bounds, attribution, vector_layers, file, url
FROM basemaps
WHERE street_id = $1 AND name = $2

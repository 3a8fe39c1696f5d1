-- Why: registers an uploaded archive or an intranet service; a name already taken inserts nothing (the route answers 409).
INSERT INTO basemaps (street_id, name, kind, format, tile_type, crs, minzoom, maxzoom, bounds,
                      attribution, vector_layers, file, url, created_by, created_at)
VALUES (:street, :name, :kind, :format, :tile_type, :crs, :minzoom, :maxzoom, :bounds,
        :attribution, :vector_layers::jsonb, :file, :url, :created_by, :created_at)
ON CONFLICT (street_id, name) DO NOTHING
RETURNING name

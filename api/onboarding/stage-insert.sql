-- Why: writes the features of the import ($1: [{ layer, idx, code, name, parent, manager, phone, class,
-- geom: GeoJSON text }] in WGS84). `geom` is the polygon PostGIS can work with: the drawn one when it
-- is valid, else its ST_MakeValid repair (polygons kept), so the other checks never fail on it.
INSERT INTO onboard_features (layer, idx, code, name, parent, manager, phone, class, raw, geom, valid)
SELECT r.layer, r.idx, r.code, r.name, r.parent, r.manager, r.phone, r.class, g.raw,
       CASE WHEN r.layer = 'points' THEN g.raw
            WHEN ST_IsValid(g.raw) THEN ST_Multi(g.raw)
            ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(g.raw), 3)) END,
       ST_IsValid(g.raw)
FROM jsonb_to_recordset($1::jsonb)
  AS r(layer text, idx int, code text, name text, parent text, manager text, phone text, class text, geom text)
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_Force2D(ST_GeomFromGeoJSON(r.geom)), 4326) AS raw) g

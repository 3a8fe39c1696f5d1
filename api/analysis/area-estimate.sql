-- Why: a cheap guess of how many issues an area's bounding box holds (the table's row estimate times
-- the box's share of the street's box), to choose between the two exact area counts (area.ts).
SELECT greatest(c.reltuples, 0) * ST_Area(ST_Envelope(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)))
       / nullif(ST_Area(ST_Envelope(s.boundary)), 0) AS expected
FROM pg_class c, streets s
WHERE c.oid = 'issues'::regclass AND s.id = $1

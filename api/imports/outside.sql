-- Why: an import checks all its places in one round trip: which rows ($2: [{ i, lon, lat }] in WGS84)
-- lie outside the street ($3 = false) or outside every grid ($3 = true: an issue must fall in a grid).
SELECT (e->>'i')::int AS i
FROM streets s, jsonb_array_elements($2::jsonb) e
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint((e->>'lon')::float8, (e->>'lat')::float8), 4326) AS geom) p
WHERE s.id = $1
  AND CASE WHEN $3::boolean
        THEN NOT EXISTS (SELECT 1 FROM grids g WHERE g.street_id = s.id AND ST_Intersects(g.geom, p.geom))
        ELSE NOT ST_Intersects(s.boundary, p.geom) END

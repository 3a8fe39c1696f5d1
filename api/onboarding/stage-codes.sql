-- Why: the codes, names and communities decided after reading ($1: [{ layer, idx, code, name, parent, class }])
-- are written back to the staged features, which the later checks and the commit read.
UPDATE onboard_features f SET code = r.code, name = r.name, parent = r.parent, class = r.class
FROM jsonb_to_recordset($1::jsonb) AS r(layer text, idx int, code text, name text, parent text, class text)
WHERE f.layer = r.layer AND f.idx = r.idx

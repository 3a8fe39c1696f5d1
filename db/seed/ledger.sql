-- Why: point classes, field points, groups, categories, calendar, bike zones and basemap of a street.
-- $1 = street id, $2 = the StreetData document.
WITH d AS (SELECT $2::jsonb AS j),
classes AS (
  INSERT INTO point_classes (street_id, code, name, checklist, sort)
  SELECT $1, e->>'code', e->>'name', e->'checklist', n::int
  FROM d, jsonb_array_elements(j->'pointClasses') WITH ORDINALITY AS t(e, n)
  RETURNING code
),
grp AS (
  INSERT INTO groups (street_id, code, name, leader_name, leader_title, synthetic)
  SELECT $1, e->>'code', e->>'name', e->>'leader_name', e->>'leader_title', (e->>'synthetic')::boolean
  FROM d, jsonb_array_elements(j->'groups') AS t(e)
  RETURNING code
),
cal AS (
  INSERT INTO calendar_days (street_id, day, kind, name)
  SELECT $1, (e->>'day')::date, e->>'kind', e->>'name'
  FROM d, jsonb_array_elements(j->'calendar') AS t(e)
  RETURNING day
),
zones AS (
  INSERT INTO bike_zones (street_id, code, name, capacity, geom, synthetic)
  SELECT $1, e->>'code', e->>'name', (e->>'capacity')::int, ST_SetSRID(ST_GeomFromGeoJSON(e->>'geom'), 4326),
         (e->>'synthetic')::boolean
  FROM d, jsonb_array_elements(j->'bikeZones') AS t(e)
  RETURNING code
),
roads AS (
  INSERT INTO basemap_features (street_id, kind, name, class, geom)
  SELECT $1, 'road', e->>'name', e->>'class', ST_SetSRID(ST_GeomFromGeoJSON(e->>'geom'), 4326)
  FROM d, jsonb_array_elements(j->'roads') AS t(e)
  RETURNING id
)
INSERT INTO basemap_features (street_id, kind, name, class, geom)
SELECT $1, 'block', e->>'name', e->>'class', ST_SetSRID(ST_GeomFromGeoJSON(e->>'geom'), 4326)
FROM d, jsonb_array_elements(j->'blocks') AS t(e)

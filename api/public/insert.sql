-- Why: a resident's report waits here, outside `issues`, until staff moderate it; its photos are
-- written unattached and owned by the report ('public:<id>'), so only moderation can attach them.
WITH r AS (
  INSERT INTO public_reports (street_id, code, category_code, description, phone, geom, crs, lon_in, lat_in,
                              grid_code, community_code, received_at, fingerprint)
  VALUES (:street, :code, :category, :description, :phone, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326), :crs,
          :lon_in, :lat_in, :grid, :community, :at, :fingerprint)
  RETURNING street_id, id
), p AS (
  INSERT INTO issue_photos (street_id, mime, bytes, sha256, data, uploaded_by)
  SELECT r.street_id, x.mime, x.bytes, x.sha256, decode(x.data, 'base64'), 'public:' || r.id
  FROM r, jsonb_to_recordset(:photos::jsonb) AS x (mime text, bytes integer, sha256 text, data text)
  RETURNING 1
)
SELECT r.id, (SELECT count(*) FROM p)::int AS photos FROM r

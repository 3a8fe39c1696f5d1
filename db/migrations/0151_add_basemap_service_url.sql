-- Why: an intranet tile service (天地图 node, GIS server: XYZ or WMTS) is registered by its URL
-- template, not uploaded (issue 19); the browser fetches its tiles there, and the CSP allows exactly
-- the origins of these URLs. Archives keep a file and no URL, services a URL and no file.
ALTER TABLE basemaps ADD COLUMN url text CHECK (url IS NULL OR length(url) <= 1000);
ALTER TABLE basemaps ADD CONSTRAINT basemaps_file_or_url
  CHECK ((format IN ('xyz', 'wmts')) = (url IS NOT NULL AND file IS NULL));
CREATE INDEX basemaps_url ON basemaps (url) WHERE url IS NOT NULL;

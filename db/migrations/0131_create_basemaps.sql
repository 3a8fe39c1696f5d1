-- Why: basemaps a street brings in (issue 19): tile archives an admin uploads, kept as files beside
-- the database (`file`, relative to DATA_DIR) and served same-origin under /tiles/{name}/…
CREATE TABLE basemaps (
  street_id   integer NOT NULL REFERENCES streets (id),
  name        text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,39}$' AND name <> 'street'),
  kind        text NOT NULL CHECK (kind IN ('vector', 'raster')),
  format      text NOT NULL CHECK (format IN ('mbtiles', 'pmtiles', 'xyz', 'wmts')),
  tile_type   text NOT NULL CHECK (tile_type IN ('png', 'jpg', 'webp', 'pbf')),
  crs         text NOT NULL DEFAULT 'wgs84' CHECK (crs IN ('wgs84', 'gcj02')),
  minzoom     integer NOT NULL CHECK (minzoom BETWEEN 0 AND 24),
  maxzoom     integer NOT NULL CHECK (maxzoom BETWEEN minzoom AND 24),
  bounds      double precision[] CHECK (bounds IS NULL OR cardinality(bounds) = 4),
  attribution text NOT NULL DEFAULT '' CHECK (length(attribution) <= 500),
  file        text,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (street_id, name)
);

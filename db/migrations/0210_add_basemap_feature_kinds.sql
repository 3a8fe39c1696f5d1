-- Why: a street's own basemap comes from its GIS office or an OSM extract (the street importer): besides
-- roads and blocks, buildings and water (polygons) and named places (points), so a street without a
-- tile archive still sees its real surroundings, and the address locator knows its places by name.
ALTER TABLE basemap_features DROP CONSTRAINT basemap_features_kind_check;
ALTER TABLE basemap_features ADD CONSTRAINT basemap_features_kind_check
  CHECK (kind IN ('road', 'block', 'building', 'water', 'place'));

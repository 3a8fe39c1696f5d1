-- Why: vector tiles of a street's own layers are cached in memory; a tile is still good while the
-- street's layer version is the one it was made at. Every write to a table the tiles draw bumps it
-- in the writing transaction, so a cached tile can never outlive the geometry it was cut from.
CREATE TABLE layer_versions (
  street_id integer PRIMARY KEY REFERENCES streets (id) ON DELETE CASCADE,
  version   bigint NOT NULL DEFAULT 0
);

CREATE FUNCTION bump_layer_version_of(sid integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO layer_versions (street_id, version) VALUES (sid, 1)
  ON CONFLICT (street_id) DO UPDATE SET version = layer_versions.version + 1
$$;

-- The layer tables carry street_id.
CREATE FUNCTION bump_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN PERFORM bump_layer_version_of(OLD.street_id);
  ELSE PERFORM bump_layer_version_of(NEW.street_id); END IF;
  RETURN NULL;
END $$;

-- The street's own row (its boundary); a street that is gone takes its version row with it.
CREATE FUNCTION bump_street_layer_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bump_layer_version_of(NEW.id);
  RETURN NULL;
END $$;

CREATE TRIGGER streets_layer_version AFTER INSERT OR UPDATE ON streets
  FOR EACH ROW EXECUTE FUNCTION bump_street_layer_version();
CREATE TRIGGER communities_layer_version AFTER INSERT OR UPDATE OR DELETE ON communities
  FOR EACH ROW EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER grids_layer_version AFTER INSERT OR UPDATE OR DELETE ON grids
  FOR EACH ROW EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER field_points_layer_version AFTER INSERT OR UPDATE OR DELETE ON field_points
  FOR EACH ROW EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER bike_zones_layer_version AFTER INSERT OR UPDATE OR DELETE ON bike_zones
  FOR EACH ROW EXECUTE FUNCTION bump_layer_version();
CREATE TRIGGER basemap_features_layer_version AFTER INSERT OR UPDATE OR DELETE ON basemap_features
  FOR EACH ROW EXECUTE FUNCTION bump_layer_version();

-- Why: the overlap, outside and point checks join features by bounding box.
CREATE INDEX ON onboard_features USING gist (geom)

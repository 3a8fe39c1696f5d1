-- Why: the web app styles a vector archive by its layers (issue 19, basemap switcher): each layer's
-- id and, where the archive's tilestats say it, its geometry type (from the MBTiles metadata `json`).
ALTER TABLE basemaps ADD COLUMN vector_layers jsonb NOT NULL DEFAULT '[]'::jsonb;

-- Why: the uploaded layers are staged once per import, inside its transaction, so every check and the
-- commit read the same geometry; ON COMMIT DROP (and a rollback) leaves nothing behind.
CREATE TEMP TABLE onboard_features (
  layer      text NOT NULL,
  idx        integer NOT NULL,
  code       text,
  name       text,
  parent     text,
  manager    text,
  phone      text,
  class      text,
  raw        geometry NOT NULL,
  geom       geometry NOT NULL,
  valid      boolean NOT NULL,
  PRIMARY KEY (layer, idx)
) ON COMMIT DROP

-- Why: a bike-coverage read divides the covered areas (EPSG:4547 m²) by the street's and every
-- grid's area in the same projection, and projected the street's outline and every grid's polygon
-- again at each read: 0.6 of its ~2 ms at 10⁵ issues on the server (48 grids), more than the
-- stored answer's read. The areas change only when a polygon does, so each row now keeps its own,
-- computed by PostgreSQL on every write of the polygon (a stored generated column: no writer can
-- forget it, and restores recompute it). The geodesic `area_m2` the statistics divide by stays.
ALTER TABLE streets ADD COLUMN area_4547_m2 float8 GENERATED ALWAYS AS (ST_Area(ST_Transform(boundary, 4547))) STORED;
ALTER TABLE grids ADD COLUMN area_4547_m2 float8 GENERATED ALWAYS AS (ST_Area(ST_Transform(geom, 4547))) STORED;

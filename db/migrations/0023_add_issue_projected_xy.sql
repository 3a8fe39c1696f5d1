-- Why: hex/square bins and area counts over a million issues spent their time projecting every point
-- (ST_Transform per row at request time). Each issue now carries its EPSG:4547 coordinates (CGCS2000 /
-- 3-degree Gauss-Kruger CM 114E, metres), computed once when the point is written (stored generated
-- columns: they cannot drift from geom). Bins are then arithmetic over two numbers, and an index on
-- the 10 m cell of each issue (with the columns area counts need) lets an area count read whole
-- interior cells from the index alone and test only the issues of the cells its edge crosses.
ALTER TABLE issues
  ADD COLUMN x_m double precision GENERATED ALWAYS AS (ST_X(ST_Transform(geom, 4547))) STORED,
  ADD COLUMN y_m double precision GENERATED ALWAYS AS (ST_Y(ST_Transform(geom, 4547))) STORED;

CREATE INDEX issues_cell10_ix ON issues (street_id, (floor(x_m / 10)), (floor(y_m / 10)))
  INCLUDE (x_m, y_m, category_code, status, reported_at, deadline, id);

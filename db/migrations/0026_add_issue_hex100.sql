-- Why: the default hot-spot map (100 m hexagons over the whole street) still did the hexagon
-- arithmetic for every issue at every request (2.5 s at a million issues). Each issue now also stores
-- its 100 m hexagon, computed once when it is written, and a narrow index carries it with the
-- coordinates and the filter columns, so the default bins are a count grouped by one indexed number;
-- other sizes and squares use x_m/y_m through the same index. hex_cell() computes the cell (the
-- nearer of two candidate centres, as ST_HexagonGrid lays them out: flat-topped, odd columns half a
-- row up, origin 0,0) with the same arithmetic, in the same order, as api/analysis/bins.sql, and
-- packs it as i·2³² + (j + 2³¹).
CREATE FUNCTION hex_cell(p_x double precision, p_y double precision, p_size double precision)
RETURNS bigint LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  u double precision := p_x / p_size;
  v double precision := p_y / (p_size * sqrt(3));
  ma double precision := round(u / 3);
  ja double precision := round(v);
  mb double precision := round((u - 1.5) / 3);
  jb double precision := round(v - 0.5);
BEGIN
  IF (u - 3 * ma) * (u - 3 * ma) + 3 * (v - ja) * (v - ja) <=
     (u - 3 * mb - 1.5) * (u - 3 * mb - 1.5) + 3 * (v - jb - 0.5) * (v - jb - 0.5) THEN
    RETURN ((2 * ma)::bigint << 32) + (ja::bigint + 2147483648);
  END IF;
  RETURN ((2 * mb + 1)::bigint << 32) + (jb::bigint + 2147483648);
END $$;

-- The column's expression names PostGIS itself (not through a wrapper function), so pg_dump writes
-- it schema-qualified and pg_restore, which runs with an empty search_path, can evaluate it.
ALTER TABLE issues ADD COLUMN hex100 bigint
  GENERATED ALWAYS AS (hex_cell(ST_X(ST_Transform(geom, 4547)), ST_Y(ST_Transform(geom, 4547)), 100)) STORED;

CREATE INDEX issues_bins_ix ON issues (street_id, reported_at)
  INCLUDE (hex100, x_m, y_m, category_code, status);

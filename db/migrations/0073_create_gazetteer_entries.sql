-- Why: the 12345 locator's names that only the street office knows (issue 13). Operators shorten and
-- rename places ("东塘农贸" for 东塘农贸市场, "社区医院"), and a work order often gives a 门牌 ("新雨路88号")
-- the street's own map does not hold. Admins add aliases of the gazetteer's names and 门牌 ranges along
-- named roads; the locator reads both.
CREATE TABLE gazetteer_aliases (
  street_id   integer NOT NULL REFERENCES streets (id),
  alias       text NOT NULL CHECK (char_length(alias) BETWEEN 2 AND 40),
  -- the gazetteer name it stands for: a field point's, a community's or a named road's
  target      text NOT NULL,
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (street_id, alias)
);

-- A run of house numbers along a road: first_no at the line's start, last_no at its end, the numbers
-- between spaced evenly along it (odd or even only when the two sides are numbered apart).
CREATE TABLE address_ranges (
  street_id   integer NOT NULL REFERENCES streets (id),
  id          bigint GENERATED ALWAYS AS IDENTITY,
  road        text NOT NULL,
  first_no    integer NOT NULL CHECK (first_no BETWEEN 1 AND 99999),
  last_no     integer NOT NULL CHECK (last_no BETWEEN 1 AND 99999),
  parity      text NOT NULL CHECK (parity IN ('all', 'odd', 'even')),
  geom        geometry(LineString, 4326) NOT NULL CHECK (ST_IsValid(geom) AND ST_NPoints(geom) >= 2),
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (street_id, id),
  CHECK (last_no > first_no)
);
CREATE INDEX address_ranges_road_ix ON address_ranges (street_id, road);

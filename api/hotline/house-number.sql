-- Why: a 门牌 ("新雨路88号") placed along the admin's range of that road holding the number: the
-- numbers are spaced evenly by length in metres (EPSG:4547), not by degrees. The narrowest range wins.
SELECT ST_X(p) AS lon, ST_Y(p) AS lat
FROM (
  SELECT ST_Transform(
           ST_LineInterpolatePoint(ST_Transform(geom, 4547), ($3::int - first_no)::float8 / (last_no - first_no)),
           4326) AS p
  FROM address_ranges
  WHERE street_id = $1 AND road = $2 AND $3::int BETWEEN first_no AND last_no
    AND (parity = 'all' OR (parity = 'odd') = ($3::int % 2 = 1))
  ORDER BY last_no - first_no, id
  LIMIT 1
) r

-- Why: the admin's 门牌 ranges along the street's roads, with their lines (lon/lat), for the 地名库 panel.
SELECT id, road, first_no, last_no, parity, ST_AsGeoJSON(geom, 7)::json AS line, round(ST_Length(geom::geography)) AS length_m,
       created_by, created_at
FROM address_ranges WHERE street_id = $1 ORDER BY road, first_no, id

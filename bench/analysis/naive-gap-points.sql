-- Why: the naive peer of the map's uncovered points (api/analysis/coverage-gap-points.sql): every
-- bike-parking issue of the window tested against the stored union of buffers (the API's own way until
-- migration 0343), as one GeoJSON MultiPoint, oldest first and at most $5 of them; $3/$4 the window.
SELECT ST_AsGeoJSON(coalesce(ST_Collect(g ORDER BY id), 'SRID=4326;MULTIPOINT EMPTY'::geometry), 7)::json AS gaps,
       count(*)::int AS n
FROM (SELECT i.id, i.geom AS g
      FROM issues i
      JOIN bike_coverage c ON c.street_id = i.street_id AND c.radius_m = $2
      WHERE i.street_id = $1 AND i.category_code = 'bike_parking'
        AND ($3::timestamptz IS NULL OR i.reported_at >= $3)
        AND ($4::timestamptz IS NULL OR i.reported_at < $4)
        AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))
      ORDER BY i.id
      LIMIT $5) u

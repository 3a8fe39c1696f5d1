-- Why: the positions of the uncovered bike-parking issues for the map, as one GeoJSON MultiPoint,
-- oldest first and at most $5 of them, $3/$4 the reporting window: read from the radius's kept
-- uncovered issues (migration 0343), patched with the gap cells, so no issue is tested here.
SELECT ST_AsGeoJSON(coalesce(ST_Collect(g ORDER BY issue_id), 'SRID=4326;MULTIPOINT EMPTY'::geometry), 7)::json AS gaps,
       count(*)::int AS n
FROM (SELECT u.issue_id, u.geom AS g
      FROM bike_gap_issues u
      WHERE u.street_id = $1 AND u.radius_m = $2
        AND ($3::timestamptz IS NULL OR u.reported_at >= $3)
        AND ($4::timestamptz IS NULL OR u.reported_at < $4)
      ORDER BY u.issue_id
      LIMIT $5) u

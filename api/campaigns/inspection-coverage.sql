-- Why: the campaign target "every point in the area inspected weekly" (督查测评): per week window
-- ($3 starts, $4 ends: ISO weeks clipped to the campaign), the field points inside campaign $2's stored
-- area (not the simplified polygon a list shows, so the wall and the page count the same points) and
-- how many of them had at least one inspection in that window.
WITH pts AS (
  SELECT p.code FROM field_points p
  WHERE p.street_id = $1 AND ST_Intersects((SELECT c.geom FROM campaigns c WHERE c.street_id = $1 AND c.id = $2), p.geom)
), w AS (
  SELECT * FROM unnest($3::timestamptz[], $4::timestamptz[]) AS w(starts, ends)
)
SELECT w.starts, (SELECT count(*) FROM pts)::int AS points,
       (SELECT count(DISTINCT i.point_code) FROM inspections i JOIN pts ON pts.code = i.point_code
        WHERE i.street_id = $1 AND i.at >= w.starts AND i.at < w.ends)::int AS inspected
FROM w
ORDER BY w.starts

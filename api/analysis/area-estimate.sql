-- Why: a cheap guess of how many issues an area holds in each window asked, to choose between the two
-- exact area counts (area.ts): the cells' cost follows the area's edge (and, for a window, the street's
-- issues of that window), the index's the issues it finds. The guess is the table's row estimate times
-- the box's share of the street's box, times the window's share of the street's issues (from the day
-- rows of issue_day_indicators, 0230: a 30-day window of a year holds ~1/12 of them, so a short window
-- over a large street is counted by the index, which finds its few issues sooner than the cells' fixed
-- cost); and how long the edge inside the street's box is (metres). The two shares come too: of the
-- btree indexes' counts (area-counts-index.sql), the time index's reads the window's share of the
-- street's issues, the 80 m cells' index's the box's share of them; and the box's width in EPSG:4547
-- metres, which that index reads one column of 80 m cells at a time. $2 the area (geometry text: the
-- clipped polygon's hex EWKB, or GeoJSON), $3/$4 the windows' starts and ends (NULL: open), one row
-- each in their order.
WITH a AS (SELECT g, ST_Transform(ST_Envelope(g), 4547) AS box FROM (SELECT ST_SetSRID($2::geometry, 4326) AS g) x),
d AS MATERIALIZED (SELECT day, total FROM issue_day_indicators WHERE street_id = $1)
SELECT w.k::int AS k, greatest(c.reltuples, 0) * x.box_share * x.window_share AS expected, x.box_share, x.window_share,
       ST_Length(ST_ClipByBox2D(ST_Boundary(a.g), ST_Envelope(s.boundary)::box2d)::geography) AS edge_m,
       ST_XMax(a.box) - ST_XMin(a.box) AS box_width_m
FROM a, pg_class c, streets s, unnest($3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS w (f, t, k),
LATERAL (
  SELECT ST_Area(ST_Envelope(a.g)) / nullif(ST_Area(ST_Envelope(s.boundary)), 0) AS box_share,
         CASE WHEN w.f IS NULL AND w.t IS NULL THEN 1
              -- a street without day rows (none counted yet) is taken as all in the window
              ELSE coalesce((SELECT coalesce(sum(d.total), 0)::float8 FROM d
                             WHERE (w.f IS NULL OR d.day >= (w.f AT TIME ZONE s.timezone)::date)
                               AND (w.t IS NULL OR d.day <= (w.t AT TIME ZONE s.timezone)::date))
                            / nullif((SELECT sum(d.total) FROM d), 0), 1) END AS window_share
) x
WHERE c.oid = 'issues'::regclass AND s.id = $1
ORDER BY w.k

-- Why: a bike-coverage read that finds no answer stored for its window and the coverage's version
-- (the first read after a change, or of a new window) runs the statement below. Sent as a
-- statement (api/analysis/coverage-gaps.sql until now), the server parsed and planned it at every
-- read: on the bench streets that took ~1.6 ms of the statement's 2.7–2.9 ms at r=300
-- (docs/performance.md, "The coverage's gaps planned once per connection"). As a PL/pgSQL
-- function its plan is kept per connection, and it is a generic one (plan_cache_mode): the partial
-- days are two ranges of time, each one range scan of the time index whatever their values, and
-- every other part is keyed by street, radius and cell. Left to choose, the server kept planning
-- it for its values. It answers what the statement answered, with the same ten inputs
-- (api/analysis/coverage-gaps.sql now calls it); only its partial days are now written as ranges.
--
-- What it computes: the uncovered bike-parking issues counted per square cell of side radius/2 and
-- the suggested sites (cells of at least 3, at the centroid of their issues; docs/api.md). Without
-- a window (p_from/p_to NULL) and unless p_fresh asks for a fresh recomputation, the cells are the
-- stored ones, patched by every write (migration 0310): no issue is read. With a window, its whole
-- UTC days (p_first the first, p_end the day after the last, NULL when it holds none) are the
-- difference of the cells' running sums at its two ends (migration 0341; a window ending after a
-- cell's last day ends with the whole cell), and only the issues of its partial days are read:
-- their stored EPSG:4547 points not covered by the cached union of buffers, from the partial
-- bike-parking index. p_fresh counts every cell from the issues. All give the same cells, numeric
-- sums and so the same doubles. A site's gain is the street area its buffer would add, computed
-- only for the sites that can make the list, against the coverage clipped to the buffer's box
-- first; only the listed sites are projected back to lon/lat. A site's gain, once computed, is kept
-- with its cell until the cell or the coverage near it changes (migration 0313); a window holding
-- all of a cell's uncovered issues has the cell's site and uses its kept gain. p_sites the most
-- sites returned. Unless p_key (the window's key) is NULL, the answer is also stored under it with
-- the coverage version it belongs to, read in the same snapshot, at most p_keep windows kept per
-- radius (`stored`; migration 0034).
CREATE FUNCTION bike_coverage_gaps(p_street integer, p_radius integer, p_from timestamptz, p_to timestamptz,
                                   p_sites integer, p_fresh boolean, p_first date, p_end date,
                                   p_key text, p_keep integer)
RETURNS TABLE (uncovered integer, lon float8, lat float8, demand integer, gain_m2 float8)
LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH c AS MATERIALIZED (
    -- ST_Force2D returns the coverage detoasted once; read straight from the table, every
    -- point-in-polygon test below would decompress it again (40 µs a point at 10⁵ issues).
    SELECT ST_Force2D(b.geom) AS geom, b.version FROM bike_coverage b WHERE b.street_id = p_street AND b.radius_m = p_radius
  ), s AS MATERIALIZED (
    SELECT ST_Transform(st.boundary, 4547) AS outline FROM streets st WHERE st.id = p_street
  ), windowed AS (
    -- A window's whole days: per cell, the running sums at the day before its end less those at the
    -- day before its start, with the stored cell (all of its days) and its kept gain.
    SELECT k.cx, k.cy, hi.n - coalesce(lo.n, 0) AS n, hi.sx - coalesce(lo.sx, 0) AS sx, hi.sy - coalesce(lo.sy, 0) AS sy,
           k.n AS all_n, k.sx AS all_sx, k.sy AS all_sy, k.gain_m2, k.gen
    FROM bike_gap_cells k
    CROSS JOIN LATERAL (
      -- A window ending after the cell's last day (a window up to now) ends with all of the cell.
      SELECT k.n, k.sx, k.sy WHERE k.last_day < p_end
      UNION ALL
      (SELECT d.n, d.sx, d.sy FROM bike_gap_days d
       WHERE NOT coalesce(k.last_day < p_end, false)
         AND d.street_id = p_street AND d.radius_m = p_radius AND d.cx = k.cx AND d.cy = k.cy AND d.day < p_end
       ORDER BY d.day DESC LIMIT 1)) hi
    LEFT JOIN LATERAL (
      SELECT d.n, d.sx, d.sy FROM bike_gap_days d
      WHERE d.street_id = p_street AND d.radius_m = p_radius AND d.cx = k.cx AND d.cy = k.cy AND d.day < p_first
      ORDER BY d.day DESC LIMIT 1) lo ON true
    WHERE k.street_id = p_street AND k.radius_m = p_radius AND k.n > 0 AND NOT p_fresh AND p_first IS NOT NULL
    UNION ALL
    -- Its partial days (all of it when it holds no whole day, or everything when p_fresh): from the issues.
    SELECT floor(i.x_m / (p_radius::float8 / 2))::int, floor(i.y_m / (p_radius::float8 / 2))::int,
           count(*)::int, sum(i.x_m::numeric), sum(i.y_m::numeric), NULL::int, NULL::numeric, NULL::numeric, NULL::float8, NULL::bigint
    FROM (VALUES
            -- The partial days as two ranges of time, each one range scan of the index whatever the
            -- plan: before the first whole day, and from the day after the last; or the whole window
            -- (all time when open) when it holds no whole day or p_fresh asks for everything.
            (coalesce(p_from, '-infinity'),
             CASE WHEN p_fresh OR p_first IS NULL THEN coalesce(p_to, 'infinity')
                  ELSE p_first::timestamp AT TIME ZONE 'UTC' END),
            (CASE WHEN p_fresh OR p_first IS NULL THEN 'infinity'::timestamptz
                  ELSE p_end::timestamp AT TIME ZONE 'UTC' END,
             coalesce(p_to, 'infinity'))) r (lo, hi)
    JOIN issues i ON i.reported_at >= r.lo AND i.reported_at < r.hi
    CROSS JOIN c
    WHERE (p_fresh OR p_from IS NOT NULL OR p_to IS NOT NULL)
      AND r.lo < r.hi AND i.street_id = p_street AND i.category_code = 'bike_parking'
      AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))
    GROUP BY 1, 2
  ), cells AS MATERIALIZED (
    SELECT g.cx, g.cy, g.n, g.sx, g.sy, g.gain_m2 AS memo, g.gen
    FROM bike_gap_cells g
    WHERE g.street_id = p_street AND g.radius_m = p_radius AND g.n > 0
      AND NOT p_fresh AND p_from IS NULL AND p_to IS NULL
    UNION ALL
    -- A window's cells; one holding all of the stored cell's issues is the stored cell's site.
    SELECT w.cx, w.cy, w.n, w.sx, w.sy,
           CASE WHEN (w.all_n, w.all_sx, w.all_sy) = (w.n, w.sx, w.sy) THEN w.gain_m2 END,
           CASE WHEN (w.all_n, w.all_sx, w.all_sy) = (w.n, w.sx, w.sy) THEN w.gen END
    FROM (SELECT cx, cy, sum(n)::int AS n, sum(sx) AS sx, sum(sy) AS sy,
                 max(all_n) AS all_n, max(all_sx) AS all_sx, max(all_sy) AS all_sy, max(gain_m2) AS gain_m2, max(gen) AS gen
          FROM windowed GROUP BY cx, cy) w
    WHERE w.n > 0
  ), demand AS (
    SELECT cx, cy, n AS demand, sx, sy, memo, gen FROM cells WHERE n >= 3
  ), top AS (
    -- Only sites at least as strong as the p_sites-th strongest can be listed (ties then go by gain); only
    -- their centroids are divided out (numeric division, ~2 µs a cell).
    SELECT cx, cy, demand, (sx / demand)::float8 AS x, (sy / demand)::float8 AS y, memo, gen FROM demand
    WHERE demand >= coalesce((SELECT demand FROM demand ORDER BY demand DESC OFFSET p_sites - 1 LIMIT 1), 0)
  ), scored AS MATERIALIZED (
    -- A gain kept with its cell (migration 0313) is used as it is; the others are computed.
    SELECT t.cx, t.cy, t.x, t.y, t.demand, t.memo, t.gen,
           CASE WHEN t.memo IS NOT NULL THEN t.memo
                ELSE (SELECT ST_Area(ST_Difference(ST_Intersection(b.buf, s.outline),
                                                   ST_Intersection(c.geom, ST_Expand(ST_Envelope(b.buf), 1))))
                      FROM (SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(t.x, t.y), 4547), p_radius, 8) AS buf) b) END AS gain_m2
    FROM top t CROSS JOIN s CROSS JOIN c
  ), listed AS (
    SELECT * FROM scored ORDER BY demand DESC, gain_m2 DESC, cx, cy LIMIT p_sites
  ), lonlat AS (
    SELECT l.cx, l.cy, ST_X(g) AS lon, ST_Y(g) AS lat
    FROM listed l, LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(l.x, l.y), 4547), 4326) AS g OFFSET 0) t
  ), stored AS (
    -- The answer kept under the window's key p_key for the coverage version it was computed from (at
    -- most p_keep windows per radius; migration 0034), in this statement rather than one more round trip.
    SELECT bike_coverage_sites_put(p_street, p_radius, p_key, (SELECT version FROM c), (SELECT coalesce(sum(n), 0)::int FROM cells),
             (SELECT coalesce(jsonb_agg(jsonb_build_object('lon', ll.lon, 'lat', ll.lat, 'demand', l.demand, 'gain_m2', l.gain_m2)
                                         ORDER BY l.demand DESC, l.gain_m2 DESC, l.cx, l.cy), '[]')
              FROM listed l JOIN lonlat ll ON ll.cx = l.cx AND ll.cy = l.cy), p_keep)
    WHERE p_key IS NOT NULL
  ), kept AS (
    -- Keeps the computed gains with their cells, unless the cell changed since it was read (gen).
    -- Only after the answer is stored (`put` reads it): storing locks the coverage's row, and a
    -- writer locks it before the cells (migration 0335), so the cells' rows come second here too.
    UPDATE bike_gap_cells g SET gain_m2 = sc.gain_m2
    FROM scored sc, (SELECT count(*) FROM stored) put
    WHERE sc.memo IS NULL AND sc.gen IS NOT NULL
      AND g.street_id = p_street AND g.radius_m = p_radius AND g.cx = sc.cx AND g.cy = sc.cy AND g.gen = sc.gen
  )
  SELECT (SELECT coalesce(sum(n), 0)::int FROM cells) AS uncovered,
         t.lon, t.lat, t.demand, t.gain_m2
  FROM (SELECT 1) one
  CROSS JOIN (SELECT count(*) FROM stored) put
  LEFT JOIN LATERAL (SELECT l.demand, l.gain_m2, ll.lon, ll.lat FROM listed l JOIN lonlat ll ON ll.cx = l.cx AND ll.cy = l.cy
                     ORDER BY l.demand DESC, l.gain_m2 DESC, l.cx, l.cy) t ON true;
END $$;

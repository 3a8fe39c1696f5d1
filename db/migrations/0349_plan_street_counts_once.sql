-- Why: the whole street's counts per category and status for one window (the control of an area
-- analysis: the street minus the area; api/analysis/area-street.sql until now) were planned at
-- every run: on PGlite an analysis's statements are planned for their values (db/pglite.ts), and a
-- server plans an unnamed statement each time. On PGlite at 10⁶ issues its planning took ~3 ms of
-- each of the 8–9 ms street counts, three of which an area analysis with before/after runs
-- (docs/performance.md, "The street's counts planned once"). As a PL/pgSQL function its plan is
-- kept per connection, and it is a generic one (plan_cache_mode), as migrations 0344 and 0347 did
-- for the coverage's gaps and the area's counts: the window's months and spans are read once into
-- values the scans take (issue_cells_window), and the null tests of the window and categories are
-- cheap filters. It answers what the statement answered, with the same five inputs
-- (area-street.sql now calls it).
--
-- What it computes: the whole street's issues per category and status for one window, without
-- reading the street's issues: all time from the 160 m cells of issue_cells (migration 0028), which
-- cover the street, whole months from issue_rollup, and the window's spans outside whole months as
-- whole local days from the street's day rows (grain 's', 0339) and only their partial first and
-- last days from the time index; "overdue" (open and past its deadline at $5) from the open issues'
-- index. $1 street, $2/$3 window, $4 categories, $5 now. One
-- row, its rows as JSON, so that an empty answer can only mean a failure (db/single.ts).
CREATE FUNCTION street_counts_by_cells(integer, timestamptz, timestamptz, text[], timestamptz)
RETURNS TABLE (rows json)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS $fn$
BEGIN
  RETURN QUERY
  WITH w AS MATERIALIZED (SELECT * FROM issue_cells_window($1, $2, $3)),
  d AS MATERIALIZED (
    -- each span [f, t) (both ends set, or none: empty) with its first and last local midnight inside:
    -- the whole days [d_lo, d_hi) lie between them
    SELECT x.f, x.t, st.timezone AS tz,
           CASE WHEN date_trunc('day', x.f AT TIME ZONE st.timezone) = x.f AT TIME ZONE st.timezone
                THEN (x.f AT TIME ZONE st.timezone)::date ELSE (x.f AT TIME ZONE st.timezone)::date + 1 END AS d_lo,
           (x.t AT TIME ZONE st.timezone)::date AS d_hi
    FROM w CROSS JOIN LATERAL (VALUES (w.s1_from, w.s1_to), (w.s2_from, w.s2_to)) x (f, t)
    JOIN streets st ON st.id = $1
    WHERE x.f IS NOT NULL AND x.t IS NOT NULL
  ),
  hits AS (
    SELECT c.category_code, c.status, c.n
    FROM issue_cells c
    WHERE c.street_id = $1 AND c.size_m = 160 AND c.grain = 'a' AND (SELECT grain FROM w) = 'a'
      AND ($4::text[] IS NULL OR c.category_code = ANY ($4))
    UNION ALL
    -- whole months from the street's monthly rollup (0022), whose key bounds them: the 160 m cells'
    -- months follow each cell in their key, so a window's months were filtered out of every month's
    -- rows (38,000 at 10⁶, ~19 ms), here ~1,500 rows a month are read
    SELECT r.category_code, r.status, r.n
    FROM issue_rollup r
    WHERE r.street_id = $1 AND r.grain = 'm' AND (SELECT grain FROM w) = 'm'
      AND r.day >= (SELECT lo FROM w) AND r.day < (SELECT hi FROM w)
      AND ($4::text[] IS NULL OR r.category_code = ANY ($4))
    UNION ALL
    -- whole local days of the spans outside whole months, from the street's day rows
    SELECT r.category_code, r.status, r.n
    FROM d JOIN issue_rollup r ON r.street_id = $1 AND r.grain = 's' AND r.day >= d.d_lo AND r.day < d.d_hi
    WHERE ($4::text[] IS NULL OR r.category_code = ANY ($4))
    UNION ALL
    -- and their partial days (a span within one day is read whole), from the time index
    SELECT s.category_code, s.status, 1
    FROM d
    CROSS JOIN LATERAL (VALUES (d.f, CASE WHEN d.d_lo < d.d_hi THEN d.d_lo::timestamp AT TIME ZONE d.tz ELSE d.t END),
                               (CASE WHEN d.d_lo < d.d_hi THEN d.d_hi::timestamp AT TIME ZONE d.tz END, d.t)) e (f, t)
    JOIN issues s ON s.street_id = $1 AND s.reported_at >= e.f AND s.reported_at < e.t
    WHERE ($4::text[] IS NULL OR s.category_code = ANY ($4))
  ), late AS (
    SELECT o.category_code, o.status, count(*)::int AS overdue
    FROM issues o
    WHERE o.street_id = $1 AND is_open(o.status) AND o.deadline < $5
      AND ($2::timestamptz IS NULL OR o.reported_at >= $2)
      AND ($3::timestamptz IS NULL OR o.reported_at < $3)
      AND ($4::text[] IS NULL OR o.category_code = ANY ($4))
    GROUP BY o.category_code, o.status
  )
  SELECT coalesce(json_agg(r), '[]') AS rows FROM (
  SELECT h.category_code, h.status, h.n, coalesce(l.overdue, 0) AS overdue
  FROM (SELECT category_code, status, sum(n)::int AS n FROM hits GROUP BY 1, 2 HAVING sum(n) > 0) h
  LEFT JOIN late l ON l.category_code = h.category_code AND l.status = h.status) r;
END
$fn$;

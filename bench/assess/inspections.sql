-- Why: a year of weekly inspections for one street of the benchmark city: every point inspected once a
-- week at a pseudo-random time of the week, about one in six inspected again later that week; scores
-- 100 minus 0–3 failed items of 5–12 points. $1 street id, $2 the first Monday (local date), $3 weeks.
INSERT INTO inspections (street_id, point_code, class_code, checklist_version, at, week_start, score, failed_items,
                         grid_code, community_code, inspector, created_at)
SELECT p.street_id, p.code, p.class_code, 1, t.at,
       date_trunc('week', t.at AT TIME ZONE 'Asia/Shanghai')::date,
       greatest(0, 100 - t.failed * (5 + (h % 8))), t.failed, p.grid_code, p.community_code, 'bench', t.at
FROM field_points p
CROSS JOIN generate_series(0, $3 - 1) AS w(n)
CROSS JOIN generate_series(0, 1) AS r(k)
CROSS JOIN LATERAL (SELECT abs(hashtext(p.code || ':' || w.n || ':' || r.k || ':' || p.street_id)) AS h) x
CROSS JOIN LATERAL (
  SELECT (($2::date + 7 * w.n)::timestamp + make_interval(secs => (h % 500000) + r.k * 100000)) AT TIME ZONE 'Asia/Shanghai' AS at,
         (h / 7) % 4 AS failed
) t
WHERE p.street_id = $1 AND (r.k = 0 OR h % 6 = 0)

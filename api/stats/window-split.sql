-- Why: splits a window [:from, :to) (NULL = open) into what issue_rollup answers and what it cannot, in
-- the street's local calendar: whole months [m_lo, m_hi) (NULL bound = open; use_months false = none),
-- whole days outside them [a_lo, a_hi) and [b_lo, b_hi) (NULL = no such span), and the partial first
-- and last day, [:from, edge_lo_to) and [edge_hi_from, :to) (NULL = no such edge), which come from issues.
-- Days are returned as text (no client time zone can shift them); returned as values so the counting query gets them as constants and can range-scan its indexes.
WITH d AS (
  SELECT tz, d0, CASE WHEN d1 IS NOT NULL THEN greatest(d1, d0) END AS d1
  FROM (SELECT s.timezone AS tz,
               ((:from::timestamptz AT TIME ZONE s.timezone) + interval '1 day' - interval '1 microsecond')::date AS d0,
               (:to::timestamptz AT TIME ZONE s.timezone)::date AS d1
        FROM streets s WHERE s.id = :street) x
), m AS (
  SELECT d.*, m0, m1, (m0 IS NOT NULL AND m1 IS NOT NULL AND m0 >= m1) AS empty
  FROM d, LATERAL (
    SELECT CASE WHEN d0 = date_trunc('month', d0)::date THEN d0
                ELSE (date_trunc('month', d0) + interval '1 month')::date END AS m0,
           date_trunc('month', d1)::date AS m1) k
)
SELECT NOT empty AS use_months, m0::text AS m_lo, m1::text AS m_hi,
       (CASE WHEN empty OR d0 IS NOT NULL THEN d0 END)::text AS a_lo,
       (CASE WHEN empty THEN d1 WHEN d0 IS NOT NULL THEN m0 END)::text AS a_hi,
       (CASE WHEN NOT empty AND d1 IS NOT NULL THEN m1 END)::text AS b_lo,
       (CASE WHEN NOT empty AND d1 IS NOT NULL THEN d1 END)::text AS b_hi,
       CASE WHEN :from::timestamptz IS NOT NULL THEN least(d0::timestamp AT TIME ZONE tz, :to::timestamptz) END AS edge_lo_to,
       CASE WHEN :to::timestamptz IS NOT NULL THEN greatest(d1::timestamp AT TIME ZONE tz, :from::timestamptz) END AS edge_hi_from
FROM m

-- Why: the whole street's issues per category and status for one window (the control is the street
-- minus the area); read from indexed columns only. $5 is "now" for overdue.
SELECT i.category_code, i.status, count(*)::int AS n,
       count(*) FILTER (WHERE is_open(i.status) AND i.deadline < $5)::int AS overdue
FROM filtered_issues($1, $2, $3, $4, NULL, NULL, NULL, NULL) i
GROUP BY i.category_code, i.status

-- Why: the time machine: the same counts as counts.sql, but with each issue's status as it was at
-- :as_of (the to_status of its last event at or before then, from the audit trail) and only issues
-- reported by then; overdue is judged at :as_of too. The status filter applies to that past status.
-- Grid assignment is today's (grid edits are not versioned). :scope is the reader's grid scope.
SELECT i.grid_code,
       i.category_code,
       count(*)::int                                                          AS total,
       count(*) FILTER (WHERE is_open(s.status))::int                         AS open,
       count(*) FILTER (WHERE is_open(s.status) AND i.deadline < :as_of)::int AS overdue,
       count(*) FILTER (WHERE s.status = 'closed')::int                       AS closed,
       count(*) FILTER (WHERE s.status = 'answered')::int                     AS answered
FROM filtered_issues(:street, :from, :to, :categories, NULL, :community, :grid, :bbox, :scope) i
CROSS JOIN LATERAL (
  SELECT coalesce((SELECT e.to_status FROM issue_events e
                   WHERE e.street_id = i.street_id AND e.issue_id = i.id AND e.at <= :as_of AND e.to_status IS NOT NULL
                   ORDER BY e.at DESC, e.id DESC LIMIT 1), 'reported') AS status
) s
WHERE i.reported_at <= :as_of
  AND (:statuses::text[] IS NULL OR s.status = ANY (:statuses))
GROUP BY i.grid_code, i.category_code

-- Why: what the role check of a transition needs about the issues it touches (the issue itself and,
-- for a merge, its target): their grid and group, and who rectified it last (no one passes their own
-- work at 回头看). Read inside the transition's transaction, before the step is taken, with the rows
-- locked (in id order, so two merges of the same pair cannot deadlock) so no step slips in between.
SELECT i.id, i.grid_code, i.group_code,
       (SELECT e.actor FROM issue_events e
        WHERE e.street_id = i.street_id AND e.issue_id = i.id AND e.action = 'rectify'
        ORDER BY e.id DESC LIMIT 1) AS rectified_by
FROM issues i
WHERE i.street_id = $1 AND i.id = ANY ($2::bigint[])
ORDER BY i.id
FOR UPDATE OF i

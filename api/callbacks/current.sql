-- Why: the issue a callback is for, locked, with the event of its latest closing (销号 or 答复): a
-- callback answers that closing, and the next closing may have its own.
SELECT i.status,
       (SELECT max(e.id) FROM issue_events e
        WHERE e.street_id = i.street_id AND e.issue_id = i.id AND e.to_status IN ('closed', 'answered')
          AND e.from_status IS DISTINCT FROM e.to_status) AS closing
FROM issues i
WHERE i.street_id = $1 AND i.id = $2
FOR UPDATE OF i

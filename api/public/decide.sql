-- Why: the moderator's decision on a pending report: accepted (the new issue), merged (the issue it
-- joins) or rejected (a reason from the list).
UPDATE public_reports
SET status = $3, moderated_at = $4, moderated_by = $5, reason = $6, issue_id = $7
WHERE street_id = $1 AND id = $2 AND status = 'pending'
RETURNING id

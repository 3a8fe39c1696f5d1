-- Why: the issue triggers' update statements planned, as a 交办 fires them, without its notice
-- number or event (api/load/warm.ts; rolled back to a savepoint). $1 street, $2 the issue.
UPDATE issues SET status = 'assigned', version = version + 1
WHERE street_id = $1 AND id = $2

-- Why: the admins' view of the audit log (logins, failed logins, denials, account changes), newest
-- first, keyset-paged by id. $2/$3 = window, $4 = action, $5 = before id, $6 = limit.
SELECT id, at, actor, action, target, detail, address
FROM audit_log
WHERE street_id = $1
  AND ($2::timestamptz IS NULL OR at >= $2)
  AND ($3::timestamptz IS NULL OR at < $3)
  AND ($4::text IS NULL OR action = $4)
  AND ($5::bigint IS NULL OR id < $5)
ORDER BY id DESC
LIMIT $6

-- Why: two admins editing one class's checklist at once must not both write the same version: the
-- class row is locked for the edit's transaction; returns the next version (no row = unknown class).
SELECT pc.code,
       coalesce((SELECT max(c.version) FROM checklists c WHERE c.street_id = $1 AND c.class_code = pc.code), 0) + 1 AS next
FROM point_classes pc
WHERE pc.street_id = $1 AND pc.code = $2
FOR UPDATE

-- Why: a new item's code must not be one any earlier version of the class used for another check
-- (answers and failed-item counts are compared by code across versions); every code ever used.
SELECT DISTINCT code
FROM checklist_items
WHERE street_id = $1 AND class_code = $2

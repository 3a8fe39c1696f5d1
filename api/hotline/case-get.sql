-- Why: an order already received, by 工单号 — from the bridge (hotline_cases) or from an imported 12345
-- export (issues.case_no) — so a resend returns the same issue.
SELECT h.case_no, h.issue_id, h.reported_at, h.description, h.category_code, h.deadline
FROM hotline_cases h WHERE h.street_id = $1 AND h.case_no = $2
UNION ALL
SELECT i.case_no, i.id, i.reported_at, i.description, i.category_code, i.deadline
FROM issues i
WHERE i.street_id = $1 AND i.case_no = $2
  AND NOT EXISTS (SELECT 1 FROM hotline_cases h WHERE h.street_id = $1 AND h.case_no = $2)

-- Why: the reporter's answer to one closing of the issue they follow; nothing when already answered.
INSERT INTO public_report_feedback (street_id, report_id, closing_event, at, satisfied, note)
VALUES ($1, $2, $3, $4, $5, $6)
ON CONFLICT (street_id, report_id, closing_event) DO NOTHING
RETURNING report_id

-- Why: what the reporter may see of their report, by its code: dates and statuses only — no names,
-- no phone, no notes of staff. The steps are those of the issue it became or was merged into; the
-- after photo is the latest one attached to a 已整改 step. `closing` is the event of the latest
-- 销号/答复 while the issue is closed, which the reporter's "解决了吗" answers.
SELECT r.id, r.code, r.status, r.reason, r.received_at, r.moderated_at, r.issue_id,
       i.status AS issue_status,
       COALESCE((SELECT json_agg(json_build_object('at', e.at, 'action', e.action, 'to', e.to_status) ORDER BY e.at, e.id)
                 FROM issue_events e
                 WHERE e.street_id = r.street_id AND e.issue_id = r.issue_id
                   AND (e.action IN ('assign', 'rectify', 'approve', 'answer', 'reopen'))), '[]') AS steps,
       (SELECT p.public_id FROM issue_photos p JOIN issue_events e ON e.street_id = p.street_id AND e.id = p.event_id
        WHERE p.street_id = r.street_id AND p.issue_id = r.issue_id AND e.action = 'rectify'
        ORDER BY e.at DESC, p.id DESC LIMIT 1) AS after_photo,
       CASE WHEN i.status IN ('closed', 'answered') THEN
         (SELECT max(e.id) FROM issue_events e
          WHERE e.street_id = i.street_id AND e.issue_id = i.id AND e.to_status IN ('closed', 'answered')
            AND e.from_status IS DISTINCT FROM e.to_status) END AS closing,
       (SELECT json_agg(json_build_object('at', f.at, 'satisfied', f.satisfied) ORDER BY f.at)
        FROM public_report_feedback f WHERE f.street_id = r.street_id AND f.report_id = r.id) AS feedback,
       (SELECT count(*) FROM public_report_feedback f
        WHERE f.street_id = r.street_id AND f.report_id = r.id
          AND f.closing_event = (SELECT max(e.id) FROM issue_events e
                                 WHERE e.street_id = i.street_id AND e.issue_id = i.id AND e.to_status IN ('closed', 'answered')))::int AS answered
FROM public_reports r
LEFT JOIN issues i ON i.street_id = r.street_id AND i.id = r.issue_id
WHERE r.street_id = $1 AND r.code = $2

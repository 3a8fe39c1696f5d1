-- Why: how many reports wait for moderation (the badge on /plan and the phone).
SELECT count(*)::int AS n FROM public_reports WHERE street_id = $1 AND status = 'pending'

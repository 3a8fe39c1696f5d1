-- Why: the same sender, place and words again within the folding window is one report, not two
-- (a double tap, a retry on a slow connection): the earlier report's code is answered.
SELECT code FROM public_reports
WHERE street_id = $1 AND fingerprint = $2 AND received_at > $3::timestamptz - $4::int * interval '1 second'
ORDER BY received_at DESC
LIMIT 1

-- Why: buckets older than the previous window count for nothing; dropped now and then so the table stays small.
DELETE FROM public_rate WHERE street_id = $1 AND bucket < $2

-- Why: the point classes a new street gets (the first street's, see defaults-copy.sql), to match a ledger's 类别.
SELECT code, name FROM point_classes WHERE street_id = (SELECT id FROM streets ORDER BY id LIMIT 1) ORDER BY sort, code

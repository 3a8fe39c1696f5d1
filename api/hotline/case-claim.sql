-- Why: records a 12345 order by its 工单号 the first time it arrives; a resend (or a concurrent
-- duplicate) inserts nothing and the caller answers with what the first one made.
INSERT INTO hotline_cases (street_id, case_no, received_at, received_by, reported_at, description, category_code,
                           address, deadline, guess, confidence)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
        CASE WHEN $10::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($10, $11), 4326) END, $12)
ON CONFLICT (street_id, case_no) DO NOTHING
RETURNING case_no

-- Why: when a login attempt was refused, how long until its key may try again (Retry-After).
SELECT greatest(1, ceil(extract(epoch FROM
         CASE WHEN $5::int IS NULL OR attempts < $6::int
              THEN window_start + $4::int * interval '1 second'
              ELSE least(window_start + $4::int * interval '1 second', last_at + $5::int * interval '1 second') END
         - $7::timestamptz)))::int AS retry_after
FROM login_attempts WHERE street_id = $1 AND scope = $2 AND key = $3

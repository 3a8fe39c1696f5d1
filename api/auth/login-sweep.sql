-- Why: keeps the limiter's table bounded: keys whose window has passed count nothing any more.
DELETE FROM login_attempts WHERE street_id = $1 AND window_start <= $2::timestamptz - $3::int * interval '1 second'

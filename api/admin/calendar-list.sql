-- Why: the holidays and 调休 working days of one year ($2) for the admin page.
SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM calendar_days
WHERE street_id = $1 AND day >= make_date($2, 1, 1) AND day < make_date($2 + 1, 1, 1)
ORDER BY day

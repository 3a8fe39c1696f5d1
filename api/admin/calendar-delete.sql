-- Why: an admin removes a holiday or 调休 day; the day is an ordinary weekday or weekend again.
DELETE FROM calendar_days WHERE street_id = $1 AND day = $2::date

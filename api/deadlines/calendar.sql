-- Why: the street's working-time calendar (public holidays and 调休 working days), edited by admins
-- in calendar_days; weekends are implied by the engine.
SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_days WHERE street_id = $1

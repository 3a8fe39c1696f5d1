-- Why: the street's switches for the public channel (on unless an admin turned it off; public map off by default).
SELECT COALESCE((SELECT enabled FROM public_settings WHERE street_id = $1), true) AS enabled,
       COALESCE((SELECT public_map FROM public_settings WHERE street_id = $1), false) AS public_map

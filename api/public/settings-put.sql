-- Why: an admin turns the public channel (kill switch) or the public map on or off for the street.
INSERT INTO public_settings (street_id, enabled, public_map) VALUES ($1, $2, $3)
ON CONFLICT (street_id) DO UPDATE SET enabled = EXCLUDED.enabled, public_map = EXCLUDED.public_map
RETURNING enabled, public_map

-- Why: the street whose configuration a new street copies: the first one of the deployment.
SELECT id FROM streets ORDER BY id LIMIT 1

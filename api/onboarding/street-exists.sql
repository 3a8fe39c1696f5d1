-- Why: a street code is taken once per deployment.
SELECT id, name FROM streets WHERE code = $1

-- Why: a successful login clears its own account × address key, so the owner starts afresh.
DELETE FROM login_attempts WHERE street_id = $1 AND scope = $2 AND key = $3

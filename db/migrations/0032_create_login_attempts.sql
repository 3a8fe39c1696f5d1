-- Why: the login limiter's counters live in the database, so every process of a deployment shares
-- them and a restart does not reset an attacker's count. One row per key and window: `pair` keys
-- are account × client address (a hard limit), `account` keys are the account over every address
-- (a backoff that spaces attempts out). Rows whose window has passed are deleted on the next login.
CREATE TABLE login_attempts (
  street_id     integer NOT NULL REFERENCES streets (id),
  scope         text NOT NULL CHECK (scope IN ('pair', 'account')),
  key           text NOT NULL,
  window_start  timestamptz NOT NULL,
  attempts      integer NOT NULL CHECK (attempts >= 0),
  last_at       timestamptz NOT NULL,
  PRIMARY KEY (street_id, scope, key)
);
CREATE INDEX login_attempts_window_ix ON login_attempts (street_id, window_start);

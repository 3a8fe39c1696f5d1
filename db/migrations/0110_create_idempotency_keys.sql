-- Why: a phone that loses the answer to a write sends it again with the same Idempotency-Key. The key,
-- who sent it, a hash of what was sent and the first answer are kept here, written in the same
-- transaction as the write itself, so a retry (from any process) returns that answer and writes
-- nothing, and a crash cannot leave a write without its key. Only answers of writes that committed
-- are kept: a refused request wrote nothing, so its retry simply runs again.
CREATE TABLE idempotency_keys (
  street_id    integer NOT NULL REFERENCES streets (id),
  key          uuid NOT NULL,
  actor        text NOT NULL,
  -- sha-256 of the actor, the route and the request's body: another body under the same key is refused
  request_hash text NOT NULL,
  -- NULL only inside the claiming transaction; a committed row always carries its answer
  status       smallint,
  body         text,
  created_at   timestamptz NOT NULL,
  PRIMARY KEY (street_id, key)
);
CREATE INDEX idempotency_keys_age_ix ON idempotency_keys (street_id, created_at);

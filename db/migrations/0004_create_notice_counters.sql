-- Why: 整改通知单 numbers run per street and year (东塘〔2026〕0123号) and are never reused; the
-- counter row is locked by the UPDATE that takes the next number, inside the assigning transaction.
CREATE TABLE notice_counters (
  street_id  integer NOT NULL REFERENCES streets (id),
  year       integer NOT NULL,
  last_no    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (street_id, year)
);

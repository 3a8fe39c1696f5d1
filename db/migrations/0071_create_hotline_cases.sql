-- Why: the 12345 bridge. A token of role `hotline` files work orders and can do nothing else; every
-- order received is kept by its 工单号 (a resend finds it), with the issue it became, or — when its
-- address could not be placed with confidence — without one, in the 待定位 queue until staff place it.
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_role_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check
  CHECK (role IN ('admin', 'leader', 'group_leader', 'inspector', 'grid_manager', 'kiosk', 'hotline'));

CREATE TABLE hotline_cases (
  street_id      integer NOT NULL REFERENCES streets (id),
  case_no        text NOT NULL CHECK (length(case_no) BETWEEN 1 AND 60),
  received_at    timestamptz NOT NULL,
  received_by    text NOT NULL,
  reported_at    timestamptz NOT NULL,
  description    text NOT NULL,
  category_code  text NOT NULL,
  address        text NOT NULL DEFAULT '',
  deadline       timestamptz,
  -- the locator's best guess and how sure it was (null: nothing in the address matched)
  guess          geometry(Point, 4326),
  confidence     double precision,
  issue_id       bigint,
  placed_by      text,
  placed_at      timestamptz,
  PRIMARY KEY (street_id, case_no),
  FOREIGN KEY (street_id, category_code) REFERENCES categories (street_id, code),
  FOREIGN KEY (street_id, issue_id) REFERENCES issues (street_id, id)
);
CREATE INDEX hotline_cases_unlocated_ix ON hotline_cases (street_id, received_at) WHERE issue_id IS NULL;

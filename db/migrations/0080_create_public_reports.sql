-- Why: 市民随手拍 (issue 20). Residents report without an account; a report waits in its own table
-- until staff accept it (then it becomes an ordinary issue with source = 'public'), merge it into a
-- nearby issue, or reject it — so nothing unaccepted reaches the wall, rankings, indicators or the
-- stream, which all read `issues`. The tracking code is random (80 bits), never derived from the id.
-- The phone number stays here, read only by staff who moderate or can see the issue.
CREATE TABLE public_reports (
  street_id       integer NOT NULL REFERENCES streets (id),
  id              bigint GENERATED ALWAYS AS IDENTITY,
  code            text NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected', 'merged')),
  category_code   text NOT NULL,
  description     text NOT NULL DEFAULT '',
  phone           text,
  geom            geometry(Point, 4326) NOT NULL,
  crs             text NOT NULL,
  lon_in          double precision NOT NULL,
  lat_in          double precision NOT NULL,
  grid_code       text,
  community_code  text,
  received_at     timestamptz NOT NULL,
  -- same sender, place and words within a minute fold into one report
  fingerprint     text NOT NULL,
  moderated_at    timestamptz,
  moderated_by    text,
  reason          text,
  issue_id        bigint,
  PRIMARY KEY (street_id, id),
  UNIQUE (code),
  FOREIGN KEY (street_id, category_code) REFERENCES categories (street_id, code),
  FOREIGN KEY (street_id, issue_id) REFERENCES issues (street_id, id)
);
CREATE INDEX public_reports_pending_ix ON public_reports (street_id, received_at DESC) WHERE status = 'pending';
CREATE INDEX public_reports_fingerprint_ix ON public_reports (street_id, fingerprint, received_at);
CREATE INDEX public_reports_issue_ix ON public_reports (street_id, issue_id);

-- The reporter's "解决了吗？", once per closing of the issue they follow; "not yet" reopens it.
CREATE TABLE public_report_feedback (
  street_id      integer NOT NULL,
  report_id      bigint NOT NULL,
  closing_event  bigint NOT NULL,
  at             timestamptz NOT NULL,
  satisfied      boolean NOT NULL,
  note           text NOT NULL DEFAULT '',
  PRIMARY KEY (street_id, report_id, closing_event),
  FOREIGN KEY (street_id, report_id) REFERENCES public_reports (street_id, id)
);

-- Photos of a pending report sit in issue_photos unattached, owned by the report (uploaded_by = 'public:<id>').

-- Abuse limits, shared by every process: one counter per key (address, device) and time bucket.
CREATE TABLE public_rate (
  street_id  integer NOT NULL,
  key        text NOT NULL,
  bucket     bigint NOT NULL,
  hits       integer NOT NULL,
  PRIMARY KEY (street_id, key, bucket)
);

-- Proof-of-work challenges: issued, then consumed once by a report.
CREATE TABLE public_challenges (
  street_id   integer NOT NULL,
  seed        text PRIMARY KEY,
  bits        integer NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX public_challenges_expiry_ix ON public_challenges (expires_at);

-- Per street: the kill switch of the public channel and the (optional) public map.
CREATE TABLE public_settings (
  street_id   integer PRIMARY KEY REFERENCES streets (id),
  enabled     boolean NOT NULL DEFAULT true,
  public_map  boolean NOT NULL DEFAULT false
);

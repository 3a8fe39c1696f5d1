-- Why: 回访 — after 销号 or 答复 the operator calls the person back; the district ranks streets by the
-- share satisfied. One callback per closing (the event that closed or answered the issue); a dissatisfied one
-- reopens the issue through the ordinary transition, so the timeline shows both.
CREATE TABLE issue_callbacks (
  street_id     integer NOT NULL,
  id            bigint GENERATED ALWAYS AS IDENTITY,
  issue_id      bigint NOT NULL,
  closing_event bigint NOT NULL,
  at            timestamptz NOT NULL,
  actor         text NOT NULL,
  satisfaction  text NOT NULL CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  note          text NOT NULL DEFAULT '',
  PRIMARY KEY (street_id, id),
  UNIQUE (street_id, issue_id, closing_event),
  FOREIGN KEY (street_id, issue_id) REFERENCES issues (street_id, id)
);

-- Why: an issue that came from outside (a row of an imported 问题整改台账, a 12345 work order) keeps
-- the number it had there, so importing the same file twice or a bridge resending an order finds the
-- issue it made instead of making another.
ALTER TABLE issues ADD COLUMN case_no text CHECK (case_no IS NULL OR length(case_no) BETWEEN 1 AND 60);
CREATE UNIQUE INDEX issues_case_no_ux ON issues (street_id, case_no) WHERE case_no IS NOT NULL;

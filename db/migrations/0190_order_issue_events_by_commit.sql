-- Why: live streams resume by Last-Event-ID ("every event after this id"), and each process
-- delivers a street's events by reading those after the last id it delivered. Both are only
-- gap-free if an event's id is never lower than the id of an event committed before it. Identity
-- values are drawn when a row is inserted, not when it commits, so two concurrent writers could
-- commit 8 before 7, and a reader of "after 8" would never see 7. A transaction-level advisory lock
-- taken before the statement draws its ids, held until commit, makes ids follow commit order.
-- Statement-level (once per INSERT, before any row's id is drawn), so an import pays it once.
-- Writers of issue events now commit one after the other (they are few per second; the lock is
-- held from the event insert to the commit, which is at the end of every such transaction).
CREATE FUNCTION issue_events_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- (7315, 1): this project's advisory-lock class for issue events (two-int keys do not meet
  -- the one-bigint keys of hashtext(...) locks).
  PERFORM pg_advisory_xact_lock(7315, 1);
  RETURN NULL;
END $$;

CREATE TRIGGER issue_events_commit_order BEFORE INSERT ON issue_events
  FOR EACH STATEMENT EXECUTE FUNCTION issue_events_commit_order();

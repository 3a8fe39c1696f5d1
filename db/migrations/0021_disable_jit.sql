-- Why: PostGIS functions carry large planner costs, so PostgreSQL's JIT (on by default, above a cost
-- of 100,000) compiles even small analysis queries, and the compilation takes longer than the query:
-- the bike-coverage gap query took ~1 s with JIT and ~50 ms without on PostgreSQL 15. Turned off
-- for the database, so it applies to every new session (PGlite has no JIT; the setting is harmless).
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END $$;

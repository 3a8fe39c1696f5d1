-- Why: the tables issue writes fill, for the loader's ANALYZE as a load grows (db/seed/index.ts):
-- 0333's issue_data_tables() is the one list of them. No parameters.
SELECT string_agg(quote_ident(t), ', ') AS tables FROM unnest(issue_data_tables()) t

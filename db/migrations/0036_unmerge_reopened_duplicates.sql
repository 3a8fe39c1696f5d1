-- Why: reopening a merged duplicate used to succeed and leave it open with merged_into still set, so
-- the indicators (which leave merged duplicates out) no longer counted a case someone was working on
-- (issue 24, item 5). Reopening a duplicate is now refused; a duplicate already reopened is being
-- handled as a case of its own, so it stops being a duplicate. Its merge stays in its timeline.
UPDATE issues SET merged_into = NULL WHERE merged_into IS NOT NULL AND status <> 'closed';

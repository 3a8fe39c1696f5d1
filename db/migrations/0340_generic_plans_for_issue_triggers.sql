-- Why: a report's one statement (issue and first event) spent ~3.3 ms in its triggers on a street of
-- 10⁴ issues, and half of that was planning. PL/pgSQL keeps a plan per statement, but it makes a
-- fresh (custom) plan for each call until a generic one looks no dearer; the triggers pass arrays
-- from transition tables, whose generic estimate (10 elements) always looks dearer than the custom
-- one (1), so every trigger statement was planned again on every write. The writes of a street
-- commit in order (0190), so that planning was also time every other writer of the street waited.
-- With generic plans the statement takes ~1.8 ms (rolled-back loop of 40 reports, psql), and a
-- 5,000-row insert is no slower (672–684 against 724–732 ms). The setting holds for a trigger
-- function's call and what it calls; the API's own statements keep their custom plans.
-- A function redefined later loses its SET clause: db/generic-plans.test.ts names any that has.
ALTER FUNCTION assign_issue_grid() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION bike_coverage_issues_delete() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION bike_coverage_issues_insert() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION bike_coverage_issues_update() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION campaign_recurring_issues_changed() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION campaign_recurring_issues_gone() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION campaign_recurring_issues_new() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION campaign_recurring_issues_truncated() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION campaign_tallies_issues_changed() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION campaign_tallies_issues_gone() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION campaign_tallies_issues_new() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_cells_delete() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_cells_insert() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_cells_update() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_day_events_changed() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_day_events_gone() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_day_events_new() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_day_indicators_delete() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_day_indicators_insert() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_day_indicators_update() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_day_issues_changed() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_day_issues_gone() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_day_issues_new() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_hexes_delete() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_hexes_insert() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_hexes_update() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_rollup_delete() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_rollup_insert() SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION issue_rollup_update() SET plan_cache_mode = force_generic_plan;

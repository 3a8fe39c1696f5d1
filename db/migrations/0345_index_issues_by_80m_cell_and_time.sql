-- Why: an area's count for a window without whole months (a 攻坚 review's month before and after a
-- mid-month start) read the window's issues of the whole street from the time index and kept those
-- in the area's box: at 10⁶ issues 86,000 index entries read for 10,600 kept, ~30 ms a window on
-- either engine. Keyed by the 80 m cell first, the area's count reads only its own cells' issues of
-- the window, one range scan per cell (area-counts.sql): 18 against 30 ms a 30-day window at 10⁶
-- (docs/performance.md, "An area's window from its 80 m cells").
-- Partial on a predicate every issue meets (x_m comes from the point, which is never null) and
-- which only a statement testing x_m implies: PGlite's PostgreSQL 18 would otherwise take it for
-- any window of a street's issues, skipping from cell to cell (a street's partial days, 4 against
-- 13 ms at 10⁶).
CREATE INDEX issues_cell80_time_ix ON issues (street_id, (floor(x_m / 80)), (floor(y_m / 80)), reported_at)
  INCLUDE (x_m, y_m, category_code, status) WHERE x_m IS NOT NULL;

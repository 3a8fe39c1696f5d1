-- Why: a new street ($1) starts from the configuration of the deployment's first street ($2): its
-- 整治组, categories and time limits, the holiday calendar, loop settings, point classes and their
-- current checklists, so issues can be reported the day it is imported; admins then edit them in /admin.
WITH g AS (
  INSERT INTO groups (street_id, code, name, leader_name, leader_title, synthetic)
  SELECT $1, code, name, leader_name, leader_title, true FROM groups WHERE street_id = $2
  RETURNING code
), k AS (
  INSERT INTO categories (street_id, code, name, time_limit_value, time_limit_unit, default_group_code, sort)
  SELECT $1, code, name, time_limit_value, time_limit_unit, default_group_code, sort FROM categories
  WHERE street_id = $2 AND default_group_code IN (SELECT code FROM groups WHERE street_id = $2)
  RETURNING code
), d AS (
  INSERT INTO calendar_days (street_id, day, kind, name)
  SELECT $1, day, kind, name FROM calendar_days WHERE street_id = $2
  RETURNING day
), l AS (
  INSERT INTO loop_settings (street_id, duplicate_radius_m, escalate_after_hours, street_leader)
  SELECT $1, duplicate_radius_m, escalate_after_hours, street_leader FROM loop_settings WHERE street_id = $2
  RETURNING street_id
), p AS (
  INSERT INTO point_classes (street_id, code, name, checklist, sort)
  SELECT $1, code, name, checklist, sort FROM point_classes WHERE street_id = $2
  RETURNING code
)
SELECT (SELECT count(*) FROM g)::int AS groups, (SELECT count(*) FROM k)::int AS categories,
       (SELECT count(*) FROM d)::int AS days, (SELECT count(*) FROM l)::int AS loop, (SELECT count(*) FROM p)::int AS classes

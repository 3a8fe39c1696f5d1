-- Why: a campaign's page lists the 顽疾 inside its area over its whole window (DBSCAN at 30 m per
-- category, api/campaigns/recurring-in-area*.sql): at 10⁶ issues ~50,000 issues clustered on every
-- view, ~200 ms, twice the page's budget. DBSCAN clusters each category apart, so a campaign's 顽疾
-- are kept per category: campaign_recurring holds, per campaign and category, the places last counted
-- (places) and the generation they were counted at (places_gen). Any issue write that may change a
-- category's places inside a campaign (an issue added, deleted, moved, re-categorised, re-timed,
-- re-statused or re-closed, old or new row inside the campaign's bounding box and window) moves that
-- row's gen in the writer's transaction; a reader uses the kept places where places_gen = gen and
-- counts only the other categories afresh, then keeps them only if gen has not moved meanwhile
-- (api/campaigns/recurring.ts). A campaign's insert, or a change of its area, window or categories,
-- makes its rows afresh (nothing kept) while issue writers are held off, so that no writer in flight
-- can miss the new rows. Every row carries its street_id.
CREATE SEQUENCE campaign_recurring_gen;

CREATE TABLE campaign_recurring (
  street_id     integer NOT NULL,
  campaign_id   bigint NOT NULL,
  category_code text NOT NULL,
  gen           bigint NOT NULL DEFAULT nextval('campaign_recurring_gen'),
  places_gen    bigint,          -- the gen places were counted at; NULL: never counted
  places        jsonb,           -- RecurringPlace[] of this category, every one (no limit)
  PRIMARY KEY (street_id, campaign_id, category_code),
  FOREIGN KEY (street_id, campaign_id) REFERENCES campaigns (street_id, id) ON DELETE CASCADE
);

-- The rows of the given campaigns made afresh, one per category the campaign lists (all of the street's
-- when it lists none). Issue writers are held off (SHARE conflicts with their ROW EXCLUSIVE) until commit.
CREATE FUNCTION campaign_recurring_reset(p_street integer[], p_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_ids IS NULL THEN RETURN; END IF;
  LOCK TABLE issues IN SHARE MODE;
  DELETE FROM campaign_recurring r USING unnest(p_street, p_ids) k (s, i) WHERE r.street_id = k.s AND r.campaign_id = k.i;
  INSERT INTO campaign_recurring (street_id, campaign_id, category_code)
  SELECT c.street_id, c.id, g.code
  FROM unnest(p_street, p_ids) k (s, i)
  JOIN campaigns c ON c.street_id = k.s AND c.id = k.i
  JOIN categories g ON g.street_id = c.street_id AND (c.categories IS NULL OR g.code = ANY (c.categories));
END $$;

CREATE FUNCTION campaign_recurring_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM campaign_recurring_reset(array_agg(street_id), array_agg(id)) FROM new_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION campaign_recurring_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM campaign_recurring_reset(array_agg(n.street_id), array_agg(n.id))
  FROM new_rows n JOIN old_rows o ON o.street_id = n.street_id AND o.id = n.id
  WHERE NOT ST_Equals(o.geom, n.geom) OR o.baseline_from <> n.baseline_from OR o.ends_at <> n.ends_at
     OR o.categories IS DISTINCT FROM n.categories;
  RETURN NULL;
END $$;

CREATE TRIGGER campaigns_recurring_insert AFTER INSERT ON campaigns
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recurring_new();
CREATE TRIGGER campaigns_recurring_update AFTER UPDATE ON campaigns
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recurring_changed();

-- The gen of every (campaign, category) row the given issue rows touch is moved, the rows locked in
-- key order first so that two writers never wait on each other's rows crosswise. The test is the
-- campaign's bounding box widened by 10⁻⁶° (~0.1 m): a superset of the area however the reader tests
-- its edge, even on the polygon as read back from GeoJSON.
CREATE FUNCTION campaign_recurring_bump(p_street integer[], p_geom geometry[], p_at timestamptz[], p_category text[])
RETURNS void LANGUAGE sql AS $$
  WITH k AS MATERIALIZED (
    SELECT u.street_id, u.campaign_id, u.category_code
    FROM (SELECT DISTINCT c.street_id, c.id, r.c AS category_code
          FROM unnest(p_street, p_geom, p_at, p_category) r (s, g, at, c)
          JOIN campaigns c ON c.street_id = r.s AND c.geom && ST_Expand(r.g, 0.000001) AND r.at >= c.baseline_from AND r.at < c.ends_at) t
    JOIN campaign_recurring u ON u.street_id = t.street_id AND u.campaign_id = t.id AND u.category_code = t.category_code
    ORDER BY 1, 2, 3
    FOR NO KEY UPDATE OF u
  )
  UPDATE campaign_recurring u SET gen = nextval('campaign_recurring_gen')
  FROM k WHERE u.street_id = k.street_id AND u.campaign_id = k.campaign_id AND u.category_code = k.category_code
$$;

CREATE FUNCTION campaign_recurring_issues_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM campaign_recurring) THEN
    PERFORM campaign_recurring_bump(array_agg(street_id), array_agg(geom), array_agg(reported_at), array_agg(category_code))
    FROM new_rows;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION campaign_recurring_issues_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM campaign_recurring) THEN
    PERFORM campaign_recurring_bump(array_agg(d.street_id), array_agg(d.geom), array_agg(d.reported_at), array_agg(d.category_code))
    FROM (
      SELECT o.street_id, o.geom, o.reported_at, o.category_code, n.geom AS n_geom, n.reported_at AS n_at, n.category_code AS n_cat
      FROM old_rows o JOIN new_rows n ON n.street_id = o.street_id AND n.id = o.id
      WHERE NOT ST_Equals(o.geom, n.geom) OR o.category_code <> n.category_code OR o.status <> n.status
         OR o.reported_at <> n.reported_at OR o.closed_at IS DISTINCT FROM n.closed_at
    ) x
    CROSS JOIN LATERAL (VALUES (x.street_id, x.geom, x.reported_at, x.category_code),
                               (x.street_id, x.n_geom, x.n_at, x.n_cat)) d (street_id, geom, reported_at, category_code);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION campaign_recurring_issues_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM campaign_recurring) THEN
    PERFORM campaign_recurring_bump(array_agg(street_id), array_agg(geom), array_agg(reported_at), array_agg(category_code))
    FROM old_rows;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER issues_campaign_recurring_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recurring_issues_new();
CREATE TRIGGER issues_campaign_recurring_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recurring_issues_changed();
CREATE TRIGGER issues_campaign_recurring_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recurring_issues_gone();

-- Written while reading (a reader keeps the places it counted): not watched, like bike_gap_cells (0333);
-- its gen moves only with issue writes, which are watched.
CREATE OR REPLACE FUNCTION watch_data_tables() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  n integer := 0;
BEGIN
  FOR t IN
    SELECT c.relname
    FROM pg_class c
    JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE s.nspname = current_schema()
      AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition
      -- Bookkeeping no cached answer reads (sign-in, limits, audit, token use, migrations),
      -- and caches written while reading (bike coverage, a campaign's 顽疾, derived from watched tables).
      AND c.relname NOT IN ('schema_migrations', 'sessions', 'login_attempts', 'audit_log', 'api_tokens',
                            'idempotency_keys', 'bike_coverage', 'bike_coverage_grids', 'bike_coverage_sites',
                            'bike_gap_cells', 'campaign_recurring', 'spatial_ref_sys')
      AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'data_changed')
  LOOP
    EXECUTE format(
      'CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION notify_data_change()',
      t.relname);
    n := n + 1;
  END LOOP;
  RETURN n;
END
$$;

SELECT campaign_recurring_reset(array_agg(street_id), array_agg(id)) FROM campaigns;

-- Why: three gaps in 0336's kept 顽疾. (1) A category added to a street after a campaign that names
-- no categories had no row, so the campaign's page counted it afresh on every view until the campaign
-- was edited: a new category now gets its row in every such campaign of its street. (2) TRUNCATE of
-- issues fired no row trigger, so kept places outlived the issues: it now moves every gen. (3) The
-- update trigger matched old and new rows on (street_id, id), so an issue moved to another street
-- moved neither street's gen: it matches on id, which the identity makes unique.
CREATE FUNCTION campaign_recurring_categories_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO campaign_recurring (street_id, campaign_id, category_code)
  SELECT c.street_id, c.id, g.code
  FROM new_rows g JOIN campaigns c ON c.street_id = g.street_id AND c.categories IS NULL
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER categories_campaign_recurring AFTER INSERT ON categories
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_recurring_categories_new();

CREATE FUNCTION campaign_recurring_issues_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE campaign_recurring SET gen = nextval('campaign_recurring_gen');
  RETURN NULL;
END $$;

CREATE TRIGGER issues_campaign_recurring_truncate AFTER TRUNCATE ON issues
  FOR EACH STATEMENT EXECUTE FUNCTION campaign_recurring_issues_truncated();

CREATE OR REPLACE FUNCTION campaign_recurring_issues_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM campaign_recurring) THEN
    PERFORM campaign_recurring_bump(array_agg(d.street_id), array_agg(d.geom), array_agg(d.reported_at), array_agg(d.category_code))
    FROM (
      SELECT o.street_id, o.geom, o.reported_at, o.category_code,
             n.street_id AS n_street, n.geom AS n_geom, n.reported_at AS n_at, n.category_code AS n_cat
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE o.street_id <> n.street_id OR NOT ST_Equals(o.geom, n.geom) OR o.category_code <> n.category_code
         OR o.status <> n.status OR o.reported_at <> n.reported_at OR o.closed_at IS DISTINCT FROM n.closed_at
    ) x
    CROSS JOIN LATERAL (VALUES (x.street_id, x.geom, x.reported_at, x.category_code),
                               (x.n_street, x.n_geom, x.n_at, x.n_cat)) d (street_id, geom, reported_at, category_code);
  END IF;
  RETURN NULL;
END $$;

-- Why: the wall shows every running campaign with its targets, and each target counted the issues
-- inside the campaign's area for its baseline and for the campaign so far: at 10⁶ issues ~50 ms per
-- campaign by the area analysis's cells (the windows' partial months are read issue by issue), so
-- 50 campaigns took seconds. Each campaign's counts are now kept: campaign_tallies holds, per
-- campaign and part (0 the baseline, -1 the whole campaign, k the k-th phase), the issues inside its
-- area (ST_Intersects on the stored polygon, as POST /analysis/area counts) reported in the part's
-- window, per category and current status. A campaign's insert or change of area or dates counts
-- its parts afresh; statement-level triggers on issues move the counts of the issues a statement
-- added, moved, re-categorised, re-timed, re-statused or deleted, in the same transaction. What
-- depends on the clock ("overdue" at now, and issues reported after now) is read live. Every row
-- carries its street_id.
CREATE TABLE campaign_tallies (
  street_id      integer NOT NULL,
  campaign_id    bigint NOT NULL,
  part           smallint NOT NULL,  -- 0 baseline, -1 the whole campaign, k ≥ 1 the k-th phase
  category_code  text NOT NULL,
  status         text NOT NULL,
  n              integer NOT NULL,
  PRIMARY KEY (street_id, campaign_id, part, category_code, status),
  FOREIGN KEY (street_id, campaign_id) REFERENCES campaigns (street_id, id) ON DELETE CASCADE
);

CREATE INDEX campaigns_geom_gix ON campaigns USING gist (geom);

-- The windows of a campaign's parts.
CREATE FUNCTION campaign_parts(baseline_from timestamptz, baseline_to timestamptz, starts_at timestamptz,
                               ends_at timestamptz, phases jsonb)
RETURNS TABLE (part smallint, w_from timestamptz, w_to timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT 0::smallint, baseline_from, baseline_to
  UNION ALL
  SELECT -1::smallint, starts_at, ends_at
  UNION ALL
  SELECT k::smallint, (p.value ->> 'from')::timestamptz, (p.value ->> 'to')::timestamptz
  FROM jsonb_array_elements(phases) WITH ORDINALITY p (value, k)
$$;

-- Counts the parts of the given campaigns afresh. Issue writers are held off while it counts (SHARE
-- conflicts with their ROW EXCLUSIVE), so that none commits unseen between this count and this
-- commit; each statement below takes its snapshot after the lock (a volatile function's statements do).
CREATE FUNCTION campaign_tallies_recount(p_street integer[], p_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_ids IS NULL THEN RETURN; END IF;
  LOCK TABLE issues IN SHARE MODE;
  DELETE FROM campaign_tallies t USING unnest(p_street, p_ids) k (s, i) WHERE t.street_id = k.s AND t.campaign_id = k.i;
  INSERT INTO campaign_tallies (street_id, campaign_id, part, category_code, status, n)
  -- one pass over each campaign's issues (its area's index), each placed in the parts it falls in
  SELECT c.street_id, c.id, p.part, i.category_code, i.status, count(*)::int
  FROM unnest(p_street, p_ids) k (s, i)
  JOIN campaigns c ON c.street_id = k.s AND c.id = k.i
  CROSS JOIN LATERAL (SELECT min(w_from) AS lo, max(w_to) AS hi
                      FROM campaign_parts(c.baseline_from, c.baseline_to, c.starts_at, c.ends_at, c.phases)) b
  JOIN issues i ON i.street_id = c.street_id AND ST_Intersects(c.geom, i.geom) AND i.reported_at >= b.lo AND i.reported_at < b.hi
  CROSS JOIN LATERAL campaign_parts(c.baseline_from, c.baseline_to, c.starts_at, c.ends_at, c.phases) p
  WHERE i.reported_at >= p.w_from AND i.reported_at < p.w_to
  GROUP BY 1, 2, 3, 4, 5;
END $$;

CREATE FUNCTION campaign_tallies_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM campaign_tallies_recount(array_agg(street_id), array_agg(id)) FROM new_rows;
  RETURN NULL;
END $$;

CREATE FUNCTION campaign_tallies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- only the campaigns whose area or dates changed (a rename or an archive keeps the counts)
  PERFORM campaign_tallies_recount(array_agg(n.street_id), array_agg(n.id))
  FROM new_rows n JOIN old_rows o ON o.street_id = n.street_id AND o.id = n.id
  WHERE NOT ST_Equals(o.geom, n.geom) OR o.phases IS DISTINCT FROM n.phases
     OR o.starts_at <> n.starts_at OR o.ends_at <> n.ends_at
     OR o.baseline_from <> n.baseline_from OR o.baseline_to <> n.baseline_to;
  RETURN NULL;
END $$;

CREATE TRIGGER campaigns_tallies_insert AFTER INSERT ON campaigns
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_tallies_new();
CREATE TRIGGER campaigns_tallies_update AFTER UPDATE ON campaigns
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_tallies_changed();

-- Issue rows leaving (−1) and entering (+1) the tallies, moved in one statement per issue statement.
CREATE FUNCTION campaign_tallies_issues_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO campaign_tallies AS u (street_id, campaign_id, part, category_code, status, n)
  SELECT c.street_id, c.id, p.part, r.category_code, r.status, count(*)::int
  FROM new_rows r
  JOIN campaigns c ON c.street_id = r.street_id AND ST_Intersects(c.geom, r.geom)
  CROSS JOIN LATERAL campaign_parts(c.baseline_from, c.baseline_to, c.starts_at, c.ends_at, c.phases) p
  WHERE r.reported_at >= p.w_from AND r.reported_at < p.w_to
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (street_id, campaign_id, part, category_code, status) DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION campaign_tallies_issues_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH changed AS (
    SELECT o.street_id, o.id FROM old_rows o JOIN new_rows n ON n.street_id = o.street_id AND n.id = o.id
    WHERE NOT ST_Equals(o.geom, n.geom) OR o.category_code <> n.category_code OR o.status <> n.status
       OR o.reported_at <> n.reported_at
  ), d AS (
    SELECT o.street_id, o.geom, o.reported_at, o.category_code, o.status, -1 AS sign
    FROM old_rows o JOIN changed k ON k.street_id = o.street_id AND k.id = o.id
    UNION ALL
    SELECT n.street_id, n.geom, n.reported_at, n.category_code, n.status, 1
    FROM new_rows n JOIN changed k ON k.street_id = n.street_id AND k.id = n.id
  )
  INSERT INTO campaign_tallies AS u (street_id, campaign_id, part, category_code, status, n)
  SELECT c.street_id, c.id, p.part, d.category_code, d.status, sum(d.sign)::int
  FROM d
  JOIN campaigns c ON c.street_id = d.street_id AND ST_Intersects(c.geom, d.geom)
  CROSS JOIN LATERAL campaign_parts(c.baseline_from, c.baseline_to, c.starts_at, c.ends_at, c.phases) p
  WHERE d.reported_at >= p.w_from AND d.reported_at < p.w_to
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(d.sign) <> 0
  ON CONFLICT (street_id, campaign_id, part, category_code, status) DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION campaign_tallies_issues_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO campaign_tallies AS u (street_id, campaign_id, part, category_code, status, n)
  SELECT c.street_id, c.id, p.part, r.category_code, r.status, -count(*)::int
  FROM old_rows r
  JOIN campaigns c ON c.street_id = r.street_id AND ST_Intersects(c.geom, r.geom)
  CROSS JOIN LATERAL campaign_parts(c.baseline_from, c.baseline_to, c.starts_at, c.ends_at, c.phases) p
  WHERE r.reported_at >= p.w_from AND r.reported_at < p.w_to
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (street_id, campaign_id, part, category_code, status) DO UPDATE SET n = u.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE TRIGGER issues_campaign_tallies_insert AFTER INSERT ON issues
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_tallies_issues_new();
CREATE TRIGGER issues_campaign_tallies_update AFTER UPDATE ON issues
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_tallies_issues_changed();
CREATE TRIGGER issues_campaign_tallies_delete AFTER DELETE ON issues
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_tallies_issues_gone();

SELECT campaign_tallies_recount(array_agg(street_id), array_agg(id)) FROM campaigns;

-- Why: the filters shared by every list and statistics endpoint (window, categories, statuses,
-- community, grid, bbox) live here once. A single-SELECT SQL function is inlined by the planner, so
-- queries that call it still use the issues indexes. NULL means "no filter".
CREATE FUNCTION filtered_issues(
  p_street      integer,
  p_from        timestamptz,
  p_to          timestamptz,
  p_categories  text[],
  p_statuses    text[],
  p_community   text,
  p_grid        text,
  p_bbox        double precision[]
) RETURNS SETOF issues
LANGUAGE sql STABLE AS $$
  SELECT i.*
  FROM issues i
  WHERE i.street_id = p_street
    AND (p_from IS NULL OR i.reported_at >= p_from)
    AND (p_to IS NULL OR i.reported_at < p_to)
    AND (p_categories IS NULL OR i.category_code = ANY (p_categories))
    AND (p_statuses IS NULL OR i.status = ANY (p_statuses))
    AND (p_community IS NULL OR i.community_code = p_community)
    AND (p_grid IS NULL OR i.grid_code = p_grid)
    AND (p_bbox IS NULL OR i.geom && ST_MakeEnvelope(p_bbox[1], p_bbox[2], p_bbox[3], p_bbox[4], 4326))
$$;

-- Why: one definition of "open" and "overdue" for every count (the contract's counting rule).
CREATE FUNCTION is_open(p_status text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT p_status IN ('reported', 'assigned', 'rectifying', 'rectified') $$;

-- Why: a grid manager sees only their own patch, enforced in SQL rather than in the UI. The shared
-- filter gains an optional last argument, the grids the reader is limited to (NULL = every grid), so
-- every list and aggregate built on it can pass the reader's scope; existing calls stay valid.
DROP FUNCTION filtered_issues(integer, timestamptz, timestamptz, text[], text[], text, text, double precision[]);

CREATE FUNCTION filtered_issues(
  p_street      integer,
  p_from        timestamptz,
  p_to          timestamptz,
  p_categories  text[],
  p_statuses    text[],
  p_community   text,
  p_grid        text,
  p_bbox        double precision[],
  p_scope       text[] DEFAULT NULL
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
    AND (p_scope IS NULL OR i.grid_code = ANY (p_scope))
$$;

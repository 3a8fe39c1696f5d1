-- Why: everything printed on a 整改通知单, with the small map drawn by PostGIS: the issue's grid and
-- the roads near it, in EPSG:4547 metres as SVG paths (ST_AsSVG negates y, so the viewBox is taken
-- from the negated extent), and the point itself.
WITH i AS (
  SELECT i.*, k.name AS category_name, k.time_limit_value, k.time_limit_unit, g.name AS grid_name,
         g.manager_name, c.name AS community_name, gr.name AS group_name, gr.leader_name, s.name AS street_name,
         ST_Transform(i.geom, 4547) AS p, ST_Transform(g.geom, 4547) AS gm, g.geom AS g4326
  FROM issues i
  JOIN streets s ON s.id = i.street_id
  JOIN categories k ON k.street_id = i.street_id AND k.code = i.category_code
  JOIN grids g ON g.street_id = i.street_id AND g.code = i.grid_code
  JOIN communities c ON c.street_id = i.street_id AND c.code = i.community_code
  LEFT JOIN groups gr ON gr.street_id = i.street_id AND gr.code = i.group_code
  WHERE i.street_id = $1 AND i.id = $2
), box AS (
  SELECT ST_Expand(ST_Envelope(ST_Collect(i.gm, i.p)), 60) AS b FROM i
)
SELECT i.id, i.status, i.description, i.notice_no, i.case_no, i.reported_at, i.deadline, i.source, i.reporter,
       i.category_name, i.time_limit_value, i.time_limit_unit, i.grid_code, i.grid_name, i.manager_name,
       i.community_name, i.group_name, i.leader_name, i.street_name,
       (SELECT max(e.at) FROM issue_events e WHERE e.street_id = $1 AND e.issue_id = i.id AND e.action = 'assign') AS assigned_at,
       ST_X(i.geom) AS lon, ST_Y(i.geom) AS lat,
       ST_XMin(box.b) AS xmin, ST_YMin(box.b) AS ymin, ST_XMax(box.b) AS xmax, ST_YMax(box.b) AS ymax,
       ST_AsSVG(i.gm, 0, 1) AS grid_svg,
       ST_X(i.p) AS px, ST_Y(i.p) AS py,
       (SELECT string_agg(ST_AsSVG(ST_Intersection(ST_Transform(r.geom, 4547), box.b), 0, 1), ' ')
        FROM basemap_features r
        WHERE r.street_id = $1 AND r.kind = 'road'
          AND r.geom && ST_Transform(box.b, 4326)) AS roads_svg
FROM i, box

-- Why: the 实地点位台账 (field-point ledger) as a workbook; contact fields only when $2 allows them,
-- only the grids in $3 when the reader is limited to a patch (a grid manager). The latest 督查测评
-- score and its time (staff only, as GET /inspections) come from the point's newest inspection.
SELECT p.code, p.name, k.name AS class_name, cm.name AS community_name, g.name AS grid_name,
       CASE WHEN $2::boolean THEN p.address END AS address,
       CASE WHEN $2::boolean THEN p.contact_name END AS contact_name,
       CASE WHEN $2::boolean THEN p.contact_phone END AS contact_phone,
       CASE WHEN $2::boolean THEN last.score END AS last_score,
       CASE WHEN $2::boolean THEN last.at END AS last_inspected_at
FROM field_points p
LEFT JOIN LATERAL (
  SELECT i.score, i.at FROM inspections i
  WHERE i.street_id = p.street_id AND i.point_code = p.code
  ORDER BY i.at DESC, i.id DESC LIMIT 1
) last ON true
JOIN point_classes k ON k.street_id = p.street_id AND k.code = p.class_code
LEFT JOIN communities cm ON cm.street_id = p.street_id AND cm.code = p.community_code
LEFT JOIN grids g ON g.street_id = p.street_id AND g.code = p.grid_code
WHERE p.street_id = $1
  AND ($3::text[] IS NULL OR p.grid_code = ANY ($3))
ORDER BY p.code

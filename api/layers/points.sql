-- Why: the field-point ledger (实地点位台账) on the map; contact fields only when $2 allows them,
-- and only the grids in $6 when the reader is limited to a patch (a grid manager).
SELECT ST_AsGeoJSON(p.geom, 7)::json AS geometry,
       jsonb_build_object('id', p.id, 'code', p.code, 'name', p.name, 'class_code', p.class_code,
         'class_name', k.name, 'grid_code', p.grid_code,
         'community_code', p.community_code, 'synthetic', p.synthetic)
       || CASE WHEN $2::boolean THEN jsonb_build_object(
            'address', p.address, 'contact_name', p.contact_name, 'contact_phone', p.contact_phone,
            'notes', p.notes, 'updated_at', p.updated_at)
          ELSE '{}'::jsonb END AS properties
FROM field_points p
JOIN point_classes k ON k.street_id = p.street_id AND k.code = p.class_code
WHERE p.street_id = $1
  AND ($3::text IS NULL OR p.class_code = $3)
  AND ($4::text IS NULL OR p.community_code = $4)
  AND ($5::text IS NULL OR p.grid_code = $5)
  AND ($6::text[] IS NULL OR p.grid_code = ANY ($6))
ORDER BY p.code

-- Why: the street's assessment settings; defaults (N = 1, no blending) when an admin never saved any.
SELECT coalesce(s.flag_count, 1) AS flag_count, coalesce(s.blend_weight, 0)::float8 AS blend_weight
FROM streets st LEFT JOIN assessment_settings s ON s.street_id = st.id
WHERE st.id = $1

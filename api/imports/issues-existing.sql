-- Why: the issues an import names by case number, with what it may change, to tell new, changed and unchanged rows apart.
SELECT case_no, category_code, description, source, reported_at, deadline, source_crs, source_lon, source_lat
FROM issues
WHERE street_id = $1 AND case_no = ANY($2::text[])

-- Why: which of the asked categories ($2) and group ($3) exist in the street.
SELECT coalesce((SELECT array_agg(code) FROM categories WHERE street_id = $1 AND code = ANY ($2::text[])), '{}') AS categories,
       EXISTS (SELECT 1 FROM groups WHERE street_id = $1 AND code = $3) AS group_exists

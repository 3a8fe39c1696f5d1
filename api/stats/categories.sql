-- Why: category names and order for the by-category breakdown (zeros included) and the campaign page.
SELECT code, name FROM categories WHERE street_id = $1 ORDER BY sort, code

-- Why: the street's category names, so the campaign page names the categories and 顽疾 it lists.
SELECT code, name FROM categories WHERE street_id = $1 ORDER BY sort, code

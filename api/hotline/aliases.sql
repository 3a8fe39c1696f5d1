-- Why: the admin's aliases of gazetteer names (东塘农贸 → 东塘农贸市场), read with the gazetteer.
SELECT alias, target FROM gazetteer_aliases WHERE street_id = $1

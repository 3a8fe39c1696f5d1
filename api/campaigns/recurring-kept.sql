-- Why: a campaign's kept 顽疾 per category (0336) with the generation each was counted at; a category
-- whose places_gen is not its gen has moved since (or was never counted). gen as text: a bigint.
SELECT category_code, gen::text AS gen, places_gen::text AS places_gen, places
FROM campaign_recurring
WHERE street_id = $1 AND campaign_id = $2

-- Why: an admin removes a 门牌 range; returns it (none: no such range).
DELETE FROM address_ranges WHERE street_id = $1 AND id = $2 RETURNING road, first_no, last_no, parity

-- Why: writes a new report; grid and community are set again by the assignment trigger (the single
-- source of the counting rule), the values passed here only satisfy NOT NULL.
INSERT INTO issues (street_id, category_code, description, status, source, geom, source_crs, source_lon,
                    source_lat, grid_code, community_code, group_code, reported_at, deadline, reporter)
VALUES ($1, $2, $3, 'reported', $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $9, $10, $11, $12,
        $13, $14, $15)
RETURNING id, version

-- Why: the grids of a grid manager's patch, written in one statement. $3 = grid codes.
INSERT INTO user_grids (street_id, username, grid_code) SELECT $1, $2, unnest($3::text[])

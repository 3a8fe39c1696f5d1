-- Why: every drawn polygon PostGIS finds invalid, with its reason and place, and how much area the
-- ST_MakeValid repair keeps (so the user can judge the offered repair).
SELECT f.layer, f.idx, f.code, ST_IsValidReason(f.raw) AS reason,
       ST_X(coalesce(d.location, ST_PointOnSurface(f.geom))) AS lon, ST_Y(coalesce(d.location, ST_PointOnSurface(f.geom))) AS lat,
       NOT ST_IsEmpty(f.geom) AS repairable,
       ST_Area(f.geom::geography) AS repaired_area_m2
FROM onboard_features f
CROSS JOIN LATERAL ST_IsValidDetail(f.raw) d
WHERE f.layer <> 'points' AND NOT f.valid
ORDER BY f.layer, f.idx

import { describe, expect, it } from 'vitest'
import { testDb } from '../testing/db.ts'

// The tiling is checked with PostGIS here and with Turf in the fixture tests.
describe('the seeded 东塘 geometry (PostGIS)', () => {
  it('has valid geometries everywhere', async () => {
    const db = await testDb()
    const [r] = await db.query<{ bad: number }>(
      `SELECT (SELECT count(*) FROM grids WHERE NOT ST_IsValid(geom))
            + (SELECT count(*) FROM communities WHERE NOT ST_IsValid(geom))
            + (SELECT count(*) FROM bike_zones WHERE NOT ST_IsValid(geom))::int AS bad`,
    )
    expect(Number(r.bad)).toBe(0)
  })

  it('tiles the street with communities and each community with its grids: no gap, no overlap', async () => {
    const db = await testDb()
    const [r] = await db.query<Record<string, number>>(
      `SELECT
         (SELECT ST_Area(boundary::geography) FROM streets WHERE id = 1) AS street,
         (SELECT ST_Area(ST_Union(geom)::geography) FROM communities WHERE street_id = 1) AS communities_union,
         (SELECT ST_Area(ST_Union(geom)::geography) FROM grids WHERE street_id = 1) AS grids_union,
         (SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0)
            FROM grids a JOIN grids b ON a.street_id = b.street_id AND a.code < b.code AND ST_Intersects(a.geom, b.geom)
            WHERE a.street_id = 1) AS grid_overlap,
         (SELECT coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0)
            FROM communities a JOIN communities b ON a.street_id = b.street_id AND a.code < b.code AND ST_Intersects(a.geom, b.geom)
            WHERE a.street_id = 1) AS community_overlap,
         (SELECT max(ST_Area(ST_SymDifference(c.geom, u.geom)::geography))
            FROM communities c
            JOIN (SELECT community_code, ST_Union(geom) AS geom FROM grids WHERE street_id = 1 GROUP BY community_code) u
              ON u.community_code = c.code
            WHERE c.street_id = 1) AS worst_community_mismatch`,
    )
    expect(Math.abs(r.communities_union - r.street) / r.street).toBeLessThan(1e-4)
    expect(Math.abs(r.grids_union - r.street) / r.street).toBeLessThan(1e-4)
    expect(r.grid_overlap).toBeLessThan(0.01)
    expect(r.community_overlap).toBeLessThan(0.01)
    expect(r.worst_community_mismatch).toBeLessThan(0.01)
  })

  it('writes 整改通知单 numbers that are unique and continue in the counter', async () => {
    const db = await testDb()
    const [r] = await db.query<{ n: number; distinct_n: number; max_seq: number; counter: number }>(
      `SELECT count(notice_no)::int AS n, count(DISTINCT notice_no)::int AS distinct_n,
              (SELECT max(substring(notice_no from '〕(\\d+)号')::int) FROM issues
                WHERE street_id = 1 AND notice_no LIKE '东塘〔2026〕%') AS max_seq,
              (SELECT last_no FROM notice_counters WHERE street_id = 1 AND year = 2026) AS counter
       FROM issues WHERE street_id = 1`,
    )
    expect(r.n).toBeGreaterThan(2000)
    expect(r.distinct_n).toBe(r.n)
    expect(r.counter).toBe(r.max_seq)
  })
})

/** Random issues for the tests that hold a rollup equal to its issues, in one statement per batch. */
import type { Queryable } from '../adapter.ts'
import type { Rng } from '../../fixtures/prng.ts'
import { STREET_OFFSET_MS } from '../../api/time-zone.ts'

import { STATUSES } from '../../api/issues/states.ts'

export { STATUSES }
/** The test street's offset from UTC (its zone keeps no daylight saving). */
export const LOCAL_OFFSET_MS = STREET_OFFSET_MS

/**
 * Inserts `count` issues (one INSERT, as the rollup triggers work per statement) at random points
 * of street 1 — or, with `withinM`, of the part within that many metres of its centroid — reported
 * at random instants of 2031's first half (local time), with random categories, statuses and
 * deadlines up to 20 days later. `seed` seeds PostGIS's point generator.
 */
export async function insertRandomIssues(q: Queryable, r: Rng, count: number, seed: number, withinM: number | null = null) {
  const cats = (await q.query<{ code: string }>('SELECT code FROM categories WHERE street_id = 1 ORDER BY code')).map((c) => c.code)
  const rows = Array.from({ length: count }, () => {
    const reported = Date.UTC(2031, 0, 1) - LOCAL_OFFSET_MS + r.int(0, 181 * 86_400 - 1) * 1000
    return {
      category: r.pick(cats),
      status: r.pick(STATUSES),
      reported: new Date(reported).toISOString(),
      deadline: new Date(reported + r.int(0, 20 * 86_400) * 1000).toISOString(),
    }
  })
  await q.query(
    `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, deadline)
     SELECT 1, r.category, r.status, p.geom, '', '', r.reported, r.deadline
     FROM (SELECT row_number() OVER () AS k, * FROM jsonb_to_recordset($1::jsonb)
             AS x(category text, status text, reported timestamptz, deadline timestamptz)) r
     JOIN (SELECT row_number() OVER () AS k, (ST_Dump(ST_GeneratePoints(
             CASE WHEN $4::float8 IS NULL THEN boundary
                  ELSE ST_Intersection(boundary, ST_Transform(ST_Buffer(ST_Transform(ST_Centroid(boundary), 4547), $4), 4326)) END,
             $2, $3))).geom
           FROM streets WHERE id = 1) p ON p.k = r.k`,
    [JSON.stringify(rows), count, seed, withinM],
  )
}

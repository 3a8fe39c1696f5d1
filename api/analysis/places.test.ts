/**
 * The issues within 30 m of each field point, kept per point and category by the writes (migration
 * 0346) for an area's all-time places (area-places.sql): after reports, moves, re-categorising,
 * transitions, deletes, and points added, moved and deleted, the kept counts equal a spheroid
 * distance test of every issue against every point, and the analysis lists the same. On a server,
 * a report beside a point being moved is counted whichever of the two commits first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db, Queryable } from '../../db/adapter.ts'
import { seedStreet } from '../../db/seed/index.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { privateDb } from '../../db/testing/private.ts'
import { squareAt } from '../../db/testing/geo.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { analyseArea } from './area.ts'
import { checkInStreet } from './polygon.ts'

const onServer = process.env.TEST_ENGINE === 'postgres'
let db: Db
let drop = async () => {}
let street: number

// On the server a database of this file's own: a point's recount holds the street's writers until it
// commits, which on the shared database would stall every other test's reports.
beforeAll(async () => {
  if (onServer) {
    const own = await privateDb()
    ;({ db, drop } = own)
    const data = dongtang()
    await seedStreet(db, data, [])
    street = data.street.id
  } else {
    db = await testDb()
    street = 1
  }
}, 60_000)
afterAll(() => drop())

const kept = (q: Queryable) =>
  q.query<{ code: string; category_code: string; n: number }>(
    `SELECT p.code, f.category_code, f.n FROM field_point_issues f JOIN field_points p ON p.street_id = f.street_id AND p.id = f.point_id
     WHERE f.street_id = $1 AND f.n <> 0 ORDER BY 1, 2`,
    [street],
  )
const naive = (q: Queryable) =>
  q.query<{ code: string; category_code: string; n: number }>(
    `SELECT p.code, i.category_code, count(*)::int AS n FROM field_points p
     JOIN issues i ON i.street_id = p.street_id AND ST_DWithin(p.geom::geography, i.geom::geography, 30)
     WHERE p.street_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [street],
  )
/** A point `north` metres north and `east` metres east of lon/lat (exact enough here: the tests keep 5 m from 30). */
const offset = ([lon, lat]: [number, number], north: number, east = 0): [number, number] => [
  lon + east / (111_320 * Math.cos((lat * Math.PI) / 180)),
  lat + north / 110_900,
]
const report = async (q: Queryable, at: [number, number], category: string) =>
  (
    await q.query<{ id: number }>(
      `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at)
       VALUES ($1, $2, 'reported', ST_SetSRID(ST_MakePoint($3, $4), 4326), '', '', $5) RETURNING id`,
      [street, category, at[0], at[1], TEST_NOW],
    )
  )[0].id
const moveIssue = (q: Queryable, id: number, at: [number, number]) =>
  q.query(`UPDATE issues SET geom = ST_SetSRID(ST_MakePoint($3, $4), 4326) WHERE street_id = $1 AND id = $2`, [street, id, ...at])
const movePoint = (q: Queryable, code: string, at: [number, number]) =>
  q.query(`UPDATE field_points SET geom = ST_SetSRID(ST_MakePoint($3, $4), 4326) WHERE street_id = $1 AND code = $2`, [street, code, ...at])
const countOf = async (q: Queryable, code: string, category: string) =>
  (await kept(q)).find((r) => r.code === code && r.category_code === category)?.n ?? 0

describe('issues near field points, kept by the writes', () => {
  it('follow reports, moves, re-categorising, transitions, deletes and points added, moved and deleted', async () => {
    const rollback = new Error('rollback')
    await expect(
      db.tx(async (q) => {
        const points = await q.query<{ code: string; lon: number; lat: number }>(
          'SELECT code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM field_points WHERE street_id = $1 ORDER BY code',
          [street],
        )
        expect(points.length).toBeGreaterThan(2)
        const p = points[0]
        const at: [number, number] = [p.lon, p.lat]
        const same = async (step: string) => expect(await kept(q), step).toEqual(await naive(q))
        await same('as migrated')
        const before = { clutter: await countOf(q, p.code, 'clutter'), bike: await countOf(q, p.code, 'bike_parking') }
        // 10 and 25 m away count, 35 and 60 m do not.
        const a = await report(q, offset(at, 10), 'clutter')
        const b = await report(q, offset(at, -25), 'bike_parking')
        const c = await report(q, offset(at, 0, 35), 'clutter')
        await report(q, offset(at, 60), 'clutter')
        await same('reported')
        expect([await countOf(q, p.code, 'clutter'), await countOf(q, p.code, 'bike_parking')]).toEqual([before.clutter + 1, before.bike + 1])
        await moveIssue(q, c, offset(at, 0, 5))
        await same('35 m issue moved to 5 m')
        expect(await countOf(q, p.code, 'clutter')).toBe(before.clutter + 2)
        await q.query(`UPDATE issues SET category_code = 'bike_parking' WHERE street_id = $1 AND id = $2`, [street, a])
        await same('re-categorised')
        expect([await countOf(q, p.code, 'clutter'), await countOf(q, p.code, 'bike_parking')]).toEqual([before.clutter + 1, before.bike + 2])
        await q.query(`UPDATE issues SET status = 'closed', closed_at = $3 WHERE street_id = $1 AND id = ANY ($2)`, [street, [a, c], TEST_NOW])
        await same('closed')
        await q.query('DELETE FROM issues WHERE street_id = $1 AND id = $2', [street, b])
        await same('deleted')
        expect(await countOf(q, p.code, 'bike_parking')).toBe(before.bike + 1)
        // The point moves 45 m north: the 60 m issue is now 15 m away, the 10 m one 35 m.
        await movePoint(q, p.code, offset(at, 45))
        await same('point moved')
        // A new point on the 60 m issue; the analysis of a square round it lists it with the naive
        // count; then it is deleted (a seeded point may be referenced by inspections).
        await q.query(
          `INSERT INTO field_points (street_id, code, name, class_code, geom)
           SELECT street_id, 'TEST-NEAR', '测试点位', class_code, ST_SetSRID(ST_MakePoint($2, $3), 4326) FROM field_points WHERE street_id = $1 AND code = $4`,
          [street, ...offset(at, 60), p.code],
        )
        await same('point added')
        expect(await countOf(q, 'TEST-NEAR', 'clutter')).toBeGreaterThan(0)
        const square = squareAt(offset(at, 60), 200)
        const r = await analyseArea(q, { street, shape: await checkInStreet(q, street, square), radius: 300, now: TEST_NOW })
        const near = (await naive(q)).filter((x) => x.code === 'TEST-NEAR').reduce((s, x) => s + x.n, 0)
        expect(r.top_places.find((x) => x.code === 'TEST-NEAR')?.issues).toBe(near)
        await q.query(`DELETE FROM field_points WHERE street_id = $1 AND code = 'TEST-NEAR'`, [street])
        await same('point deleted')
        expect((await kept(q)).some((x) => x.code === 'TEST-NEAR')).toBe(false)
        throw rollback
      }),
    ).rejects.toBe(rollback)
  })

  it.skipIf(!onServer)('count a report beside a point being moved, whichever of the two commits first', async () => {
    /** Waits until a transaction waits for the points' advisory lock (the other holds it). */
    const someoneWaits = async () => {
      for (let k = 0; k < 100; k++) {
        const [{ n }] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
        )
        if (n > 0) return
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error('no transaction waited for the lock')
    }
    for (const [k, first] of (['move', 'report'] as const).entries()) {
      const [pt] = await db.query<{ code: string; lon: number; lat: number }>(
        // (points near the street's middle, so that 80 m away is still inside it)
        `SELECT p.code, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat FROM field_points p JOIN streets s ON s.id = p.street_id
         WHERE p.street_id = $1 ORDER BY p.geom <-> ST_Centroid(s.boundary), p.code OFFSET $2 LIMIT 1`,
        [street, k + 1],
      )
      // The point moves 80 m north; the report lands 5 m from its new place.
      const target = offset([pt.lon, pt.lat], 80)
      let release!: () => void
      const gate = new Promise<void>((r) => (release = r))
      let holding!: () => void
      const held = new Promise<void>((r) => (holding = r))
      const hold = (write: (q: Queryable) => Promise<unknown>) =>
        db.tx(async (q) => {
          await write(q)
          holding()
          await gate
        })
      const mover = (q: Queryable) => movePoint(q, pt.code, target)
      const reporter = (q: Queryable) => report(q, offset(target, 5), 'clutter')
      const firstTx = hold(first === 'move' ? mover : reporter)
      await held
      const second = db.tx(async (q) => {
        await (first === 'move' ? reporter(q) : mover(q))
      })
      try {
        await someoneWaits()
      } finally {
        release()
        await Promise.all([firstTx, second])
      }
      expect(await countOf(db, pt.code, 'clutter'), `${first} first`).toBe(1)
      expect(await kept(db), `${first} first`).toEqual(await naive(db))
    }
  })
})

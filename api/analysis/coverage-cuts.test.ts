/**
 * A window's ends kept (migration 0348): the running sums of every gap cell before a window's first
 * whole day and before the day after its last, kept by the first read, kept through reports of
 * today, dropped when an earlier day changes, looked up cell by cell when missing; a window's site's
 * gain kept with its place until the coverage near it changes. On a server, a cut kept while an
 * earlier day is being changed waits for the change and holds it.
 */
import * as turf from '@turf/turf'
import type { Feature, MultiPolygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db, Queryable } from '../../db/adapter.ts'
import { seedIfEmpty } from '../../db/bootstrap.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { privateDb } from '../../db/testing/private.ts'
import { bikeCoverage, freshGaps, wholeDays } from './coverage.ts'

const onServer = process.env.TEST_ENGINE === 'postgres'
let db: Db
let drop = async () => {}
let boundary: Feature<MultiPolygon>

// On the server a database of this file's own: the race below holds the street's coverage rows,
// which on the shared database would stall every other test's bike-parking reports.
beforeAll(async () => {
  if (onServer) {
    ;({ db, drop } = await privateDb())
    await seedIfEmpty(db, TEST_NOW)
  } else db = await testDb()
  const [b] = await db.query<{ g: MultiPolygon }>('SELECT ST_AsGeoJSON(boundary)::json AS g FROM streets WHERE id = 1')
  boundary = turf.feature(b.g)
}, 60_000)
afterAll(() => drop())

const rollback = new Error('rollback')

const insertBike = (q: Queryable, [lon, lat]: number[], at: string | Date) =>
  q.query<{ id: number }>(
    `INSERT INTO issues (street_id, category_code, geom, grid_code, community_code, reported_at)
     VALUES (1, 'bike_parking', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $3) RETURNING id`,
    [lon, lat, at],
  )

/** The kept cut before a day (migration 0348): how many cells it holds, or null. */
async function keptCut(q: Queryable, radius: number, day: string) {
  const rows = await q.query<{ cells: number }>(
    `SELECT (SELECT count(*)::int FROM bike_gap_cut_cells c WHERE (c.street_id, c.radius_m, c.day) = (b.street_id, b.radius_m, b.day)) AS cells
     FROM bike_gap_cuts b WHERE b.street_id = 1 AND b.radius_m = $1 AND b.day = $2`,
    [radius, day],
  )
  return rows.length ? rows[0].cells : null
}

/** A windowed read's count and sites equal those counted afresh from the issues (gains to 1e-6 m²). */
async function expectFresh(q: Queryable, got: Awaited<ReturnType<typeof bikeCoverage>>, radius: number, w: { from?: Date; to?: Date }) {
  const fresh = await freshGaps(q, { street: 1, radius, ...w })
  expect(got.uncovered_issues).toBe(fresh.uncovered)
  expect(got.suggestions.map(({ lon, lat, demand }) => ({ lon, lat, demand }))).toEqual(
    fresh.suggestions.map(({ lon, lat, demand }) => ({ lon, lat, demand })),
  )
  got.suggestions.forEach((s, k) => expect(Math.abs(s.gain_m2 - fresh.suggestions[k].gain_m2), `gain ${k}`).toBeLessThan(1e-6))
  return fresh
}

describe("a window's ends kept (migration 0348)", () => {
  it('is kept by the first read, kept through a report of today, dropped when an earlier day changes', async () => {
    const radius = 300
    const gap = (await bikeCoverage(db, { street: 1, radius })).suggestions[0]
    await expect(
      db.tx(async (q) => {
        const [{ first: at }] = await q.query<{ first: Date }>(
          `SELECT min(reported_at) + interval '60 days' AS first FROM issues WHERE street_id = 1 AND category_code = 'bike_parking'`,
        )
        // A window up to a minute from now: its end is today (but in the day's last minute).
        const w = { from: at, to: new Date(Date.now() + 60_000) }
        const [first, end] = wholeDays(w.from, w.to)
        const today = end === new Date().toISOString().slice(0, 10)
        const before = await bikeCoverage(q, { street: 1, radius, ...w })
        await expectFresh(q, before, radius, w)
        const cells = await keptCut(q, radius, first!)
        expect(cells).toBeGreaterThan(0)
        const ends = await keptCut(q, radius, end!)
        expect(ends).toBeGreaterThanOrEqual(cells!)
        // A report of today in a gap: both ends hold and stay kept; the answer counts it.
        await insertBike(q, [gap.lon, gap.lat], new Date())
        expect(await keptCut(q, radius, first!)).toBe(cells)
        if (today) expect(await keptCut(q, radius, end!)).toBe(ends)
        const reported = await bikeCoverage(q, { street: 1, radius, ...w })
        expect(reported.uncovered_issues).toBe(before.uncovered_issues + 1)
        await expectFresh(q, reported, radius, w)
        // An uncovered issue from before the window re-dated into it: neither end holds any more.
        const [old] = await q.query<{ id: number }>(
          `SELECT i.id FROM issues i JOIN bike_coverage c ON c.street_id = i.street_id AND c.radius_m = $1
           WHERE i.street_id = 1 AND i.category_code = 'bike_parking' AND i.reported_at < $2
             AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))
           ORDER BY i.id LIMIT 1`,
          [radius, at],
        )
        await q.query(`UPDATE issues SET reported_at = now() - interval '1 day' WHERE street_id = 1 AND id = $1`, [old.id])
        expect(await keptCut(q, radius, first!)).toBeNull()
        expect(await keptCut(q, radius, end!)).toBeNull()
        const redated = await bikeCoverage(q, { street: 1, radius, ...w })
        expect(redated.uncovered_issues).toBe(before.uncovered_issues + 2)
        await expectFresh(q, redated, radius, w)
        expect(await keptCut(q, radius, first!)).toBe(cells)
        // A window ending after today keeps its start only: today's reports would drop a later cut,
        // and no cell has a running sum after today.
        const later = { from: at, to: new Date(Date.now() + 3 * 86_400_000) }
        const [laterFirst, laterEnd] = wholeDays(later.from, later.to)
        await expectFresh(q, await bikeCoverage(q, { street: 1, radius, ...later }), radius, later)
        expect(await keptCut(q, radius, laterFirst!)).toBe(cells)
        expect(await keptCut(q, radius, laterEnd!)).toBeNull()
        // With no cut kept (as when a writer drops one while a read runs), each cell is looked up:
        // dropped here, and kept by the read for none at all.
        await q.query('DELETE FROM bike_gap_cuts WHERE street_id = 1 AND radius_m = $1', [radius])
        const probed = await q.query<{ uncovered: number; demand: number | null }>(
          'SELECT uncovered, demand FROM bike_coverage_gaps(1, $1, $2, $3, 10, false, $4, $5, NULL, 0)',
          [radius, w.from, w.to, first, end],
        )
        expect(await keptCut(q, radius, first!)).toBeNull()
        expect(await keptCut(q, radius, end!)).toBeNull()
        const fresh = await freshGaps(q, { street: 1, radius, ...w })
        expect(probed[0].uncovered).toBe(fresh.uncovered)
        expect(probed.map((r) => r.demand)).toEqual(fresh.suggestions.map((x) => x.demand))
        throw rollback
      }),
    ).rejects.toBe(rollback)
  })

  it("keeps a window's site's gain until the coverage near it changes", async () => {
    const radius = 300
    // A gap of the street at this radius, and four reports around it in a window of 2015, before
    // any of the street's issues: that window's only site is their centroid, and its cell holds
    // other issues outside the window, so the gain kept for whole cells (migration 0313) is not it.
    const [gap, elsewhere] = (await bikeCoverage(db, { street: 1, radius })).suggestions
    const w = { from: new Date('2015-03-01T00:00:00Z'), to: new Date('2015-03-03T00:00:00Z') }
    await expect(
      db.tx(async (q) => {
        for (const [dx, dy] of [
          [0.00005, 0],
          [-0.00005, 0],
          [0, 0.00005],
          [0, -0.00005],
        ])
          await insertBike(q, [gap.lon + dx, gap.lat + dy], '2015-03-01T10:00:00Z')
        const first = await bikeCoverage(q, { street: 1, radius, ...w })
        expect(first.suggestions).toHaveLength(1)
        expect(first.suggestions[0].demand).toBe(4)
        await expectFresh(q, first, radius, w)
        const [cell] = await q.query<{ kept: boolean }>(
          `SELECT win_gen = gen AND win_gain IS NOT NULL AS kept FROM bike_gap_cells
           WHERE street_id = 1 AND radius_m = $1 AND cx = floor(ST_X(ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 4326), 4547)) / ($1::float8 / 2))
             AND cy = floor(ST_Y(ST_Transform(ST_SetSRID(ST_MakePoint($2, $3), 4326), 4547)) / ($1::float8 / 2))`,
          [radius, first.suggestions[0].lon, first.suggestions[0].lat],
        )
        expect(cell.kept).toBe(true)
        // A zone 560 m away toward the street's middle: its buffer covers none of the four, and
        // overlaps the site's buffer, so the site stays where it is and gains less.
        const centre = turf.centroid(boundary).geometry.coordinates
        const site = [first.suggestions[0].lon, first.suggestions[0].lat]
        const at = turf.destination(site, 0.56, turf.bearing(site, centre)).geometry.coordinates
        const square = turf.bboxPolygon(turf.bbox(turf.buffer(turf.point(at), 5, { units: 'meters' })!)).geometry
        await q.query(
          `INSERT INTO bike_zones (street_id, code, name, capacity, geom)
           VALUES (1, 'TEST-NEAR-SITE', '测试', 10, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))`,
          [JSON.stringify(square)],
        )
        const after = await bikeCoverage(q, { street: 1, radius, ...w })
        expect(after.suggestions.map(({ lon, lat, demand }) => ({ lon, lat, demand }))).toEqual(
          first.suggestions.map(({ lon, lat, demand }) => ({ lon, lat, demand })),
        )
        expect(after.suggestions[0].gain_m2).toBeLessThan(first.suggestions[0].gain_m2 - 100)
        await expectFresh(q, after, radius, w)
        // A report at another site replaces the stored answer; the site's kept gain is read, and right.
        await insertBike(q, [elsewhere.lon, elsewhere.lat], new Date())
        const again = await bikeCoverage(q, { street: 1, radius, ...w })
        expect(again.suggestions).toEqual(after.suggestions)
        throw rollback
      }),
    ).rejects.toBe(rollback)
  })

  it.skipIf(!onServer)('kept while an earlier day is being changed, waits for the change and holds it', async () => {
    const radius = 300
    const [{ first: at }] = await db.query<{ first: Date }>(
      `SELECT min(reported_at) + interval '60 days' AS first FROM issues WHERE street_id = 1 AND category_code = 'bike_parking'`,
    )
    const w = { from: at, to: new Date(Date.now() + 3_600_000) }
    const [first] = wholeDays(w.from, w.to)
    const before = await bikeCoverage(db, { street: 1, radius, ...w })
    // Neither cut nor this window's answer stored: the read below computes and keeps them.
    await db.query('DELETE FROM bike_gap_cuts WHERE street_id = 1 AND radius_m = $1', [radius])
    await db.query('DELETE FROM bike_coverage_sites WHERE street_id = 1 AND radius_m = $1', [radius])
    const [old] = await db.query<{ id: number; reported_at: Date }>(
      `SELECT i.id, i.reported_at FROM issues i JOIN bike_coverage c ON c.street_id = i.street_id AND c.radius_m = $1
       WHERE i.street_id = 1 AND i.category_code = 'bike_parking' AND i.reported_at < $2
         AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))
       ORDER BY i.id LIMIT 1`,
      [radius, at],
    )
    // One transaction re-dates an uncovered issue from before the window into it and waits; a read
    // of the window, needing the cuts, runs meanwhile.
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let holding!: () => void
    const held = new Promise<void>((r) => (holding = r))
    const writer = db.tx(async (q) => {
      await q.query(`UPDATE issues SET reported_at = now() - interval '1 day' WHERE street_id = 1 AND id = $1`, [old.id])
      holding()
      await gate
    })
    await held
    const reader = bikeCoverage(db, { street: 1, radius, ...w })
    try {
      let waiting = 0
      for (let k = 0; k < 100 && waiting === 0; k++) {
        await new Promise((r) => setTimeout(r, 50))
        ;[{ n: waiting }] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      }
      expect(waiting, 'the read waits for the writer').toBeGreaterThan(0)
    } finally {
      release()
      await writer
    }
    const read = await reader
    expect(read.uncovered_issues).toBe(before.uncovered_issues + 1)
    await expectFresh(db, read, radius, w)
    // The kept start is that of the committed re-dating.
    expect(await keptCut(db, radius, first!)).toBeGreaterThan(0)
    const [{ n }] = await db.query<{ n: number }>(
      `SELECT sum(k.n)::int AS n FROM bike_gap_cut_cells k WHERE k.street_id = 1 AND k.radius_m = $1 AND k.day = $2`,
      [radius, first],
    )
    const [{ m }] = await db.query<{ m: number }>(
      `SELECT count(*)::int AS m FROM issues i JOIN bike_coverage c ON c.street_id = i.street_id AND c.radius_m = $1
       WHERE i.street_id = 1 AND i.category_code = 'bike_parking' AND i.reported_at < $2::date::timestamp AT TIME ZONE 'UTC'
         AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))`,
      [radius, first],
    )
    expect(n).toBe(m)
    await db.query('UPDATE issues SET reported_at = $2 WHERE street_id = 1 AND id = $1', [old.id, old.reported_at])
  })
})

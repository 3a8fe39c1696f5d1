import * as turf from '@turf/turf'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { checkInStreet } from '../analysis/polygon.ts'
import { send, step } from '../issues/test-helpers.ts'
import { dailyLine } from './measure.ts'

// The campaign's daily line read from the day rollup (migration 0330) is held to the audit trail's
// replay (daily.sql) and to a brute-force replay in TypeScript over the issue list, its events and
// Turf, before and after issues are added, moved, re-categorised, closed and reopened.

const DAY = 86_400_000
const OFFSET = 8 * 3_600_000
const OPEN = ['reported', 'assigned', 'rectifying', 'rectified']
const localDay = (t: Date) => new Date(t.getTime() + OFFSET).toISOString().slice(0, 10)

let db: Db
let area: Polygon
let cookie: string

type Line = { day: string; new: number; open: number }[]

/** The line by brute force: each issue inside (Turf) adds +1 reported and open on its day, ± at each event. */
async function bruteForce(p: Polygon, first: Date, lastEnd: Date, categories: string[] | null): Promise<Line> {
  const list = await db.query<{ id: number; lon: number; lat: number; reported_at: Date; category_code: string }>(
    'SELECT id::int, ST_X(geom) AS lon, ST_Y(geom) AS lat, reported_at, category_code FROM issues WHERE street_id = 1',
  )
  const events = await db.query<{ issue_id: number; at: Date; to_status: string }>(
    'SELECT issue_id::int, at, to_status FROM issue_events WHERE street_id = 1 AND to_status IS NOT NULL ORDER BY at, id',
  )
  const inside = new Map(
    list.filter((i) => (!categories || categories.includes(i.category_code)) && turf.booleanPointInPolygon([i.lon, i.lat], p)).map((i) => [i.id, i]),
  )
  const span = Math.round((lastEnd.getTime() - first.getTime()) / DAY)
  const opened = new Array<number>(span + 1).fill(0) // index 0 = before the first day
  const reported = new Array<number>(span + 1).fill(0)
  const slot = (t: Date) => Math.max(-1, Math.floor((t.getTime() - first.getTime()) / DAY)) + 1
  for (const i of inside.values()) {
    if (i.reported_at >= lastEnd) continue
    opened[slot(i.reported_at)]++
    reported[slot(i.reported_at)]++
  }
  const last = new Map<number, string>()
  for (const e of events) {
    if (!inside.has(e.issue_id)) continue
    const before = OPEN.includes(last.get(e.issue_id) ?? 'reported')
    last.set(e.issue_id, e.to_status)
    if (e.at >= lastEnd) continue
    const now = OPEN.includes(e.to_status)
    if (now !== before) opened[slot(e.at)] += now ? 1 : -1
  }
  let open = opened[0]
  const line: Line = []
  for (let k = 0; k < span; k++) {
    open += opened[k + 1]
    line.push({ day: localDay(new Date(first.getTime() + k * DAY)), new: reported[k + 1], open })
  }
  return line
}

/** The three lines for a campaign-like window (baseline from 2026-06-15, running to the test clock). */
async function lines(p: Polygon, categories: string[] | null) {
  const c = { baseline_from: new Date('2026-06-15T00:00:00+08:00'), ends_at: new Date('2026-12-31T00:00:00+08:00'), categories }
  const shape = await checkInStreet(db, 1, p)
  const first = c.baseline_from
  const lastEnd = new Date(new Date(`${localDay(TEST_NOW)}T00:00:00+08:00`).getTime() + DAY)
  const [rollup, replay, brute] = [
    await dailyLine(db, 1, shape, c, TEST_NOW),
    await dailyLine(db, 1, shape, c, TEST_NOW, true),
    await bruteForce(p, first, lastEnd, categories),
  ]
  return { rollup, replay, brute }
}

/** Compares the three; the shared server database may take another test file's write between them, so a mismatch is read once more. */
async function expectEqual(p: Polygon, categories: string[] | null) {
  let l = await lines(p, categories)
  if (JSON.stringify(l.rollup) !== JSON.stringify(l.brute) || JSON.stringify(l.replay) !== JSON.stringify(l.brute)) l = await lines(p, categories)
  expect(l.rollup.length).toBeGreaterThan(150)
  expect(l.rollup).toEqual(l.brute)
  expect(l.replay).toEqual(l.brute)
  return l.rollup
}

/** The rollup's cells (per category and '*' for all) equal its marks summed afresh, both ways (no drift in the incremental upserts). */
async function expectCellsExact() {
  const fresh = `SELECT z.size_m, floor(m.x_m / z.size_m)::int AS ci, floor(m.y_m / z.size_m)::int AS cj, m.day,
                        coalesce(m.category_code, '*') AS category_code, sum(m.opened)::int AS opened, sum(m.reported)::int AS reported
                 FROM issue_day_marks m CROSS JOIN (VALUES (40::smallint), (160::smallint)) z (size_m)
                 WHERE m.street_id = 1
                 GROUP BY GROUPING SETS ((1, 2, 3, 4, m.category_code), (1, 2, 3, 4))
                 HAVING sum(m.opened) <> 0 OR sum(m.reported) <> 0`
  const stored = `SELECT size_m, ci, cj, day, category_code, opened, reported FROM issue_day_cells
                  WHERE street_id = 1 AND (opened <> 0 OR reported <> 0)`
  const diff = await db.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM (${stored} EXCEPT ${fresh}) a)::int + (SELECT count(*) FROM (${fresh} EXCEPT ${stored}) b)::int AS n`,
  )
  const all = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM issue_day_cells WHERE street_id = 1 AND category_code = '*' AND reported > 0`,
  )
  expect(all[0].n).toBeGreaterThan(0)
  expect(diff[0].n).toBe(0)
}

beforeAll(async () => {
  db = await testDb()
  const { cookieOf } = await import('../issues/test-helpers.ts')
  cookie = await cookieOf('leader')
  const boundary = (await send('GET', '/api/v1/layers/boundary', undefined, '')).body as FeatureCollection<MultiPolygon>
  const [cx, cy] = turf.centroid(boundary.features[0]).geometry.coordinates
  // an irregular pentagon of ~700 m across at the street's centre, so that whole cells and edges both count
  const r = 0.0035
  const ring = [0, 1, 2, 3, 4].map((k) => [
    cx + r * Math.cos((k * 2 * Math.PI) / 5 + 0.3) * (k % 2 ? 0.7 : 1),
    cy + r * 0.9 * Math.sin((k * 2 * Math.PI) / 5 + 0.3),
  ])
  area = turf.polygon([[...ring, ring[0]]]).geometry
})

/** Reports a clutter issue at the area's centre through the API; its id. */
async function reportAtCentre(description: string): Promise<number> {
  const [lon, lat] = turf.centroid(area).geometry.coordinates
  const added = await send('POST', '/api/v1/issues', { lon, lat, category: 'clutter', description }, cookie)
  expect(added.status).toBe(201)
  return added.body.id as number
}

describe('the daily line from the day rollup', () => {
  it('equals the audit trail replay and a brute-force replay, for all categories and for some', async () => {
    const all = await expectEqual(area, null)
    expect(all.reduce((n, r) => n + r.new, 0)).toBeGreaterThan(30)
    await expectEqual(area, ['clutter', 'street_vending'])
    await expectCellsExact()
  })

  it('stays equal through issues added, moved, re-categorised, closed and reopened', async () => {
    const before = await expectEqual(area, null)
    const id = await reportAtCentre('日线测试：新增')
    let now = await expectEqual(area, null)
    expect(now.at(-1)!.new).toBe(before.at(-1)!.new + 1)
    expect(now.at(-1)!.open).toBe(before.at(-1)!.open + 1)
    // closed through the loop, then reopened
    for (const action of ['assign', 'rectify', 'approve']) expect((await step(id, { action, note: '日线' })).status).toBe(200)
    now = await expectEqual(area, null)
    expect(now.at(-1)!.open).toBe(before.at(-1)!.open)
    expect((await step(id, { action: 'reopen', note: '复发' })).status).toBe(200)
    now = await expectEqual(area, null)
    expect(now.at(-1)!.open).toBe(before.at(-1)!.open + 1)
    // a closing backdated into the past (an audit-trail write in the middle of the line)
    await db.query(
      `INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status)
       VALUES (1, $1, $2, 'test', 'answer', 'rectifying', 'answered')`,
      [id, new Date(TEST_NOW.getTime() + 60_000)],
    )
    now = await expectEqual(area, null)
    expect(now.at(-1)!.open).toBe(before.at(-1)!.open)
    // re-categorised: it leaves a category filter's line
    await expectEqual(area, ['clutter'])
    await db.query(`UPDATE issues SET category_code = 'street_vending' WHERE street_id = 1 AND id = $1`, [id])
    await expectEqual(area, ['clutter'])
    await expectEqual(area, ['street_vending'])
    // moved out of the area: its marks leave with it
    const away = (
      await db.query<{ lon: number; lat: number }>(
        'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE street_id = 1 ORDER BY code) s',
      )
    ).find((q) => !turf.booleanPointInPolygon([q.lon, q.lat], area))!
    await db.query(`UPDATE issues SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE street_id = 1 AND id = $1`, [id, away.lon, away.lat])
    now = await expectEqual(area, null)
    expect(now.at(-1)!.new).toBe(before.at(-1)!.new)
    await expectCellsExact()
  })

  it("stays equal when an issue's only status event is written alone, into an open status or out of it", async () => {
    // Such an event leading to an open status changes no mark, and is not replayed (migration 0340).
    const before = await expectEqual(area, null)
    const id = await reportAtCentre('日线测试：单条事件')
    const only = async (action: string, to: string) => {
      await db.query('DELETE FROM issue_events WHERE street_id = 1 AND issue_id = $1', [id])
      await db.query(
        `INSERT INTO issue_events (street_id, issue_id, at, actor, action, from_status, to_status)
         VALUES (1, $1, $2, 'test', $3, 'reported', $4)`,
        [id, new Date(TEST_NOW.getTime() + 60_000), action, to],
      )
      return expectEqual(area, null)
    }
    expect((await only('assign', 'assigned')).at(-1)!.open).toBe(before.at(-1)!.open + 1)
    expect((await only('answer', 'answered')).at(-1)!.open).toBe(before.at(-1)!.open)
    expect((await only('assign', 'assigned')).at(-1)!.open).toBe(before.at(-1)!.open + 1)
    await expectCellsExact()
  })
})

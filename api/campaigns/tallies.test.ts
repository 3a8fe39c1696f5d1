import * as turf from '@turf/turf'
import type { Polygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { testDb } from '../../db/testing/db.ts'
import { offset, squareAt } from '../../db/testing/geo.ts'
import { makeRng } from '../../fixtures/prng.ts'
import { countInArea } from '../analysis/area.ts'
import { checkInStreet } from '../analysis/polygon.ts'
import { BASELINE, keptTallies, SO_FAR } from './tallies.ts'

// A campaign's kept tallies (migration 0332) after random sequences of issue writes (added, moved,
// re-categorised, re-timed, closed, reopened, merged, deleted) and campaign edits (area, dates,
// phases, a rename), held after every step to the area analysis's count for each part's window and
// polygon (countInArea, both of its formulations), and to Turf over the issue list. The issues live
// in 2034, where no other test writes.

const INSERT = sql(new URL('./', import.meta.url).href, 'insert.sql')
const LOCK = sql(new URL('./', import.meta.url).href, 'lock.sql')
const at = (s: string) => new Date(`${s}T00:00:00+08:00`)
const NOW = new Date('2034-03-20T09:30:00+08:00')
const CATEGORIES = ['clutter', 'flyposting', 'noise']
const STATUSES = ['reported', 'assigned', 'rectifying', 'rectified', 'closed', 'answered']
const OPEN = new Set(['reported', 'assigned', 'rectifying', 'rectified'])

let db: Db
let centre: number[]
const ids: number[] = []
const campaigns: number[] = []

type Shape = { polygon: Polygon; baseline: [Date, Date]; phases: { name: string; from: Date; to: Date }[] }

const point = (dx: number, dy: number) => offset(centre, dx, dy)

function windowsOf(s: Shape) {
  const starts = s.phases[0].from
  const ends = s.phases[s.phases.length - 1].to
  return new Map<number, [Date, Date]>([
    [BASELINE, s.baseline],
    [SO_FAR, [starts, ends < NOW ? ends : NOW]],
    ...s.phases.map((p, k) => [k + 1, [p.from, p.to]] as [number, [Date, Date]]),
  ])
}

/** A campaign of `s` inserted as the API stores one (insert.sql), removed after the tests. */
async function insertCampaign(name: string, s: Shape) {
  const last = s.phases[s.phases.length - 1]
  const [{ id }] = await db.query<{ id: string }>(INSERT, [
    1,
    name,
    JSON.stringify(s.polygon),
    'drawn',
    [],
    null,
    null,
    JSON.stringify(s.phases),
    '[]',
    s.phases[0].from,
    last.to,
    s.baseline[0],
    s.baseline[1],
    'test',
    NOW,
  ])
  campaigns.push(Number(id))
  return Number(id)
}

/** Every part's kept rows equal the area analysis's and Turf's counts of the same window and polygon. */
async function expectExact(id: number, s: Shape, label: string) {
  const windows = windowsOf(s)
  const kept = (await keptTallies(db, 1, [id], [...windows.keys()], NOW)).get(id)!
  const shape = await checkInStreet(db, 1, s.polygon)
  const list = await db.query<{ lon: number; lat: number; reported_at: Date; category_code: string; status: string; deadline: Date | null }>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat, reported_at, category_code, status, deadline FROM issues WHERE street_id = 1 AND id = ANY ($1)`,
    [ids],
  )
  for (const [part, [from, to]] of windows) {
    const key = (r: { category_code: string; status: string }) => `${r.category_code}/${r.status}`
    const norm = (rows: { category_code: string; status: string; n: number; overdue: number }[]) =>
      Object.fromEntries(
        rows
          .filter((r) => r.n > 0)
          .map((r) => [key(r), [r.n, r.overdue]])
          .sort(),
      )
    const mine = norm(kept.get(part)!)
    for (const how of ['cells', 'gist'] as const) {
      const counted = await countInArea(db, 1, shape, { from, to }, CATEGORIES, NOW, how)
      expect(mine, `${label}: part ${part} against the area analysis (${how})`).toEqual(norm(counted))
    }
    const turfRows = new Map<string, { category_code: string; status: string; n: number; overdue: number }>()
    for (const i of list) {
      if (i.reported_at < from || i.reported_at >= to || !turf.booleanPointInPolygon([i.lon, i.lat], s.polygon)) continue
      const r = turfRows.get(key(i)) ?? { category_code: i.category_code, status: i.status, n: 0, overdue: 0 }
      r.n++
      if (OPEN.has(i.status) && i.deadline && i.deadline < NOW) r.overdue++
      turfRows.set(key(i), r)
    }
    expect(mine, `${label}: part ${part} against Turf`).toEqual(norm([...turfRows.values()]))
  }
}

beforeAll(async () => {
  db = await testDb()
  const [b] = await db.query<{ g: string }>('SELECT ST_AsGeoJSON(ST_PointOnSurface(boundary)) AS g FROM streets WHERE id = 1')
  centre = JSON.parse(b.g).coordinates
})

afterAll(async () => {
  await db.query('DELETE FROM campaigns WHERE street_id = 1 AND id = ANY ($1)', [campaigns])
  await db.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY ($1)', [ids])
})

describe("a campaign's kept tallies", () => {
  it.each([11, 29])('equal the area analysis and Turf through random writes and edits (seed %i)', async (seed) => {
    const r = makeRng(seed)
    const s: Shape = {
      polygon: squareAt(point(r.range(-40, 40), r.range(-40, 40)), 160),
      baseline: [at('2034-01-10'), at('2034-02-01')],
      phases: [
        { name: '集中创建', from: at('2034-02-01'), to: at('2034-03-01') },
        { name: '完善提高', from: at('2034-03-01'), to: at('2034-04-01') },
      ],
    }
    const id = await insertCampaign(`测试攻坚 ${seed}`, s)
    const mine: number[] = []
    const randomTime = () => new Date(at('2034-01-05').getTime() + r.range(0, 95) * 86_400_000)
    const add = async (n: number) => {
      const rows = Array.from({ length: n }, () => {
        const [lon, lat] = point(r.range(-150, 150), r.range(-150, 150))
        const reported = randomTime()
        return { lon, lat, c: r.pick(CATEGORIES), s: r.pick(STATUSES), at: reported, d: new Date(reported.getTime() + r.range(1, 20) * 86_400_000) }
      })
      // one statement for many rows: the statement-level trigger sees them together
      const added = await db.query<{ id: number }>(
        `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, deadline)
         SELECT 1, x.c, x.s, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), '', '', x.at, x.d
         FROM jsonb_to_recordset($1::jsonb) x (lon float8, lat float8, c text, s text, at timestamptz, d timestamptz) RETURNING id::int`,
        [JSON.stringify(rows)],
      )
      ids.push(...added.map((a) => a.id))
      mine.push(...added.map((a) => a.id))
    }
    await add(40)
    await expectExact(id, s, 'after 40 added')
    for (let step = 0; step < 10; step++) {
      const some = Array.from({ length: r.int(1, 6) }, () => r.pick(mine))
      const op = r.int(0, 8)
      if (op === 0) await add(r.int(1, 5))
      if (op === 1) {
        const [lon, lat] = point(r.range(-150, 150), r.range(-150, 150))
        await db.query('UPDATE issues SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE street_id = 1 AND id = ANY ($1)', [some, lon, lat])
      }
      if (op === 2) await db.query('UPDATE issues SET category_code = $2 WHERE street_id = 1 AND id = ANY ($1)', [some, r.pick(CATEGORIES)])
      if (op === 3) await db.query('UPDATE issues SET status = $2 WHERE street_id = 1 AND id = ANY ($1)', [some, r.pick(STATUSES)])
      if (op === 4) await db.query('UPDATE issues SET reported_at = $2 WHERE street_id = 1 AND id = ANY ($1)', [some, randomTime()])
      if (op === 5) {
        await db.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY ($1)', [some])
        for (const x of some) mine.splice(mine.indexOf(x), mine.includes(x) ? 1 : 0)
      }
      if (op === 6) {
        // the area and the dates change: the campaign's parts are counted afresh
        s.polygon = squareAt(point(r.range(-60, 60), r.range(-60, 60)), r.range(80, 240))
        s.baseline = [at('2034-01-05'), at('2034-02-05')]
        s.phases = [
          { name: '集中创建', from: at('2034-02-05'), to: at('2034-03-10') },
          { name: '完善提高', from: at('2034-03-10'), to: at('2034-03-25') },
          { name: '迎检验收', from: at('2034-03-25'), to: at('2034-04-10') },
        ]
        await db.query(
          `UPDATE campaigns SET geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)), phases = $4::jsonb, starts_at = $5, ends_at = $6,
                  baseline_from = $7, baseline_to = $8 WHERE street_id = 1 AND id = $2 AND street_id = $1`,
          [1, id, JSON.stringify(s.polygon), JSON.stringify(s.phases), s.phases[0].from, s.phases[2].to, s.baseline[0], s.baseline[1]],
        )
      }
      if (op === 8) {
        // merged into another issue: closed as a duplicate
        const into = r.pick(mine)
        await db.query("UPDATE issues SET status = 'closed', merged_into = $2 WHERE street_id = 1 AND id = ANY ($1) AND id <> $2", [some, into])
      }
      if (op === 7) await db.query('UPDATE campaigns SET name = $2 WHERE street_id = 1 AND id = $1', [id, `改名 ${step}`])
      await expectExact(id, s, `seed ${seed} step ${step} op ${op}`)
    }
  })
  it.runIf(process.env.TEST_ENGINE === 'postgres')('let a report in the area commit while the campaign is locked for an edit', async () => {
    // The edit locks its campaign (lock.sql), then changes its area, whose recount waits for issue
    // writers. A report meanwhile checks the campaign's key for its new tally row: were the edit's
    // lock FOR UPDATE, the report would wait on it and the two would deadlock.
    const s: Shape = {
      polygon: squareAt(point(0, 0), 120),
      baseline: [at('2034-01-10'), at('2034-02-01')],
      phases: [{ name: '集中创建', from: at('2034-02-01'), to: at('2034-04-01') }],
    }
    const id = await insertCampaign('测试攻坚 锁', s)
    const [lon, lat] = point(5, 5)
    let report: Promise<{ id: number }[]> | undefined
    let reportDone = false
    await db.tx(async (q) => {
      await q.query(LOCK, [1, id])
      // a category no test uses: its tally row is new, so the report's insert checks the campaign's key
      report = db.query<{ id: number }>(
        `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, deadline)
         VALUES (1, 'manhole', 'reported', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $3, $3) RETURNING id::int`,
        [lon, lat, at('2034-02-10')],
      )
      void report.then(() => (reportDone = true))
      for (let k = 0; k < 50 && !reportDone; k++) await new Promise((r) => setTimeout(r, 20))
      expect(reportDone, 'the report waited on the locked campaign').toBe(true)
      s.polygon = squareAt(point(0, 0), 140)
      await q.query(`UPDATE campaigns SET geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)) WHERE street_id = $1 AND id = $2`, [
        1,
        id,
        JSON.stringify(s.polygon),
      ])
    })
    ids.push(...(await report!).map((r) => r.id))
    const kept = (await keptTallies(db, 1, [id], [1], NOW)).get(id)!.get(1)!
    expect(kept.find((r) => r.category_code === 'manhole')?.n).toBe(1)
  })
})

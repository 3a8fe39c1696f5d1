import type { Polygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { testDb } from '../../db/testing/db.ts'
import { offset, squareAt } from '../../db/testing/geo.ts'
import { makeRng } from '../../fixtures/prng.ts'
import { checkInStreet } from '../analysis/polygon.ts'
import { MAX_PLACES, type RecurringPlace } from '../analysis/recurring.ts'
import { byWeight, campaignRecurring, countRecurring } from './recurring.ts'

// A campaign's kept 顽疾 (migration 0336) after random sequences of issue writes (added, moved,
// re-categorised, closed, reopened, re-timed, deleted) and campaign edits (area, window, categories),
// held after every step to the places counted afresh over every category (the formulation that
// recurring-in-area.test.ts holds to Turf); and shown to count afresh only the categories a write
// touched. Issues gather at hot spots (every point within 8 m of its spot, spots ≥ 60 m apart), so no
// point is a border point of two clusters and DBSCAN's answer is one whatever the order it reads in.
// The issues live in 2035, where no other test writes.

const INSERT = sql(new URL('./', import.meta.url).href, 'insert.sql')
const at = (s: string) => new Date(`${s}T00:00:00+08:00`)
const NOW = new Date('2035-03-20T09:30:00+08:00')
const CATEGORIES = ['clutter', 'flyposting', 'noise', 'street_vending']
const SPOTS = [
  [0, 0],
  [-60, -60],
  [60, 60],
  [-60, 60],
  [60, -60],
  [80, 0], // on the first area's east edge: its cluster is cut by the area
  [200, 200], // outside every area of the test
]

let db: Db
let centre: number[]
const ids: number[] = []
const campaigns: number[] = []

type Campaign = { id: number; version: number; polygon: Polygon; categories: string[] | null; baseline_from: Date; ends_at: Date }

const point = (dx: number, dy: number) => offset(centre, dx, dy)

async function insertCampaign(name: string, polygon: Polygon, categories: string[] | null) {
  const phases = [{ name: '集中创建', from: at('2035-02-01'), to: at('2035-04-01') }]
  const [{ id }] = await db.query<{ id: string }>(INSERT, [
    1,
    name,
    JSON.stringify(polygon),
    'drawn',
    [],
    categories,
    null,
    JSON.stringify(phases),
    '[]',
    phases[0].from,
    phases[0].to,
    at('2035-01-10'),
    phases[0].from,
    'test',
    NOW,
  ])
  campaigns.push(Number(id))
  return { id: Number(id), version: 1, polygon, categories, baseline_from: at('2035-01-10'), ends_at: phases[0].to }
}

async function codes() {
  return (await db.query<{ code: string }>('SELECT code FROM categories WHERE street_id = 1 ORDER BY code')).map((r) => r.code)
}

async function stale(id: number) {
  return (
    await db.query<{ category_code: string }>(
      'SELECT category_code FROM campaign_recurring WHERE street_id = 1 AND campaign_id = $1 AND places_gen IS DISTINCT FROM gen ORDER BY 1',
      [id],
    )
  ).map((r) => r.category_code)
}

/** The campaign's 顽疾 as its page reads them equal those counted afresh; afterwards every row is current. */
async function expectKept(c: Campaign, label: string) {
  const shape = await checkInStreet(db, 1, c.polygon)
  const all = await codes()
  const mine = await campaignRecurring(db, 1, c, shape, all)
  const fresh = (await countRecurring(db, 1, shape, c.baseline_from, c.ends_at, c.categories ?? all)).sort(byWeight).slice(0, MAX_PLACES)
  // a centre is a sum of points: read in another order it may differ in the last bit
  const near = (xs: RecurringPlace[]) => xs.map((p) => ({ ...p, lon: p.lon.toFixed(9), lat: p.lat.toFixed(9) }))
  expect(near(mine), label).toEqual(near(fresh))
  expect(await stale(c.id), `${label}: every category kept`).toEqual([])
  return mine
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

describe("a campaign's kept 顽疾", () => {
  it.each([5, 17])('equal the places counted afresh through random writes and edits (seed %i)', async (seed) => {
    const r = makeRng(seed)
    const c: Campaign = await insertCampaign(`测试顽疾 ${seed}`, squareAt(point(0, 0), 160), null)
    const mine: number[] = []
    const spot = () => {
      const [x, y] = r.pick(SPOTS)
      const a = r.range(0, 2 * Math.PI)
      const d = r.range(0, 8)
      return point(x + d * Math.cos(a), y + d * Math.sin(a))
    }
    const randomTime = () => new Date(at('2035-01-01').getTime() + r.range(0, 100) * 86_400_000)
    const add = async (n: number) => {
      const rows = Array.from({ length: n }, () => {
        const [lon, lat] = spot()
        const reported = randomTime()
        const closed = r.next() < 0.4 ? new Date(reported.getTime() + r.range(1, 9) * 86_400_000) : null
        return { lon, lat, c: r.pick(CATEGORIES), s: closed ? 'closed' : 'assigned', at: reported, closed }
      })
      const added = await db.query<{ id: number }>(
        `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, closed_at)
         SELECT 1, x.c, x.s, ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), '', '', x.at, x.closed
         FROM jsonb_to_recordset($1::jsonb) x (lon float8, lat float8, c text, s text, at timestamptz, closed timestamptz) RETURNING id::int`,
        [JSON.stringify(rows)],
      )
      ids.push(...added.map((a) => a.id))
      mine.push(...added.map((a) => a.id))
    }
    await add(60)
    const first = await expectKept(c, 'after 60 added')
    expect(first.length, 'hot spots make 顽疾').toBeGreaterThan(3)
    // read again: nothing moved, nothing counted afresh, the same answer
    expect(await stale(c.id)).toEqual([])
    expect(await expectKept(c, 'read again')).toEqual(first)
    for (let step = 0; step < 14; step++) {
      const one = r.pick(mine)
      const op = r.int(0, 8)
      if (op <= 5) {
        // one issue changes: only its category (old and new) may be counted afresh
        const [before] = await db.query<{ category_code: string }>('SELECT category_code FROM issues WHERE street_id = 1 AND id = $1', [one])
        const next = r.pick(CATEGORIES)
        const [lon, lat] = spot()
        if (op === 0) await add(1)
        if (op === 1)
          await db.query('UPDATE issues SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE street_id = 1 AND id = $1', [one, lon, lat])
        if (op === 2) await db.query('UPDATE issues SET category_code = $2 WHERE street_id = 1 AND id = $1', [one, next])
        if (op === 3)
          await db.query("UPDATE issues SET status = 'closed', closed_at = reported_at + interval '2 days' WHERE street_id = 1 AND id = $1", [one])
        if (op === 4) await db.query("UPDATE issues SET status = 'assigned', closed_at = NULL WHERE street_id = 1 AND id = $1", [one])
        if (op === 5) await db.query('UPDATE issues SET reported_at = $2 WHERE street_id = 1 AND id = $1', [one, randomTime()])
        const touched = op === 0 ? CATEGORIES : op === 2 ? [before.category_code, next] : [before.category_code]
        const moved = await stale(c.id)
        expect(
          moved.every((x) => touched.includes(x)),
          `step ${step} op ${op}: ${moved} within ${touched}`,
        ).toBe(true)
      }
      if (op === 6) {
        const gone = [...new Set([one, r.pick(mine)])]
        await db.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY ($1)', [gone])
        for (const x of gone) mine.splice(mine.indexOf(x), 1)
      }
      if (op === 7) {
        // the area and the window change: every category is counted afresh
        c.polygon = squareAt(point(r.range(-30, 30), r.range(-30, 30)), r.range(100, 200))
        c.baseline_from = at(r.pick(['2035-01-05', '2035-01-20']))
        await db.query(
          `UPDATE campaigns SET geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)), baseline_from = $4, version = version + 1
           WHERE street_id = $1 AND id = $2`,
          [1, c.id, JSON.stringify(c.polygon), c.baseline_from],
        )
        c.version++
        expect((await stale(c.id)).length).toBe((c.categories ?? (await codes())).length)
      }
      if (op === 8) {
        c.categories = c.categories ? null : [r.pick(CATEGORIES), 'noise'] // may name noise twice
        await db.query('UPDATE campaigns SET categories = $3, version = version + 1 WHERE street_id = $1 AND id = $2', [1, c.id, c.categories])
        c.version++
      }
      await expectKept(c, `seed ${seed} step ${step} op ${op}`)
    }
  })

  it('count afresh a category the campaign had no row for, every time', async () => {
    const c = await insertCampaign('测试顽疾 新类', squareAt(point(0, 0), 160), null)
    await db.query("DELETE FROM campaign_recurring WHERE street_id = 1 AND campaign_id = $1 AND category_code = 'noise'", [c.id])
    const before = await expectKept(c, 'without the noise row')
    const [lon, lat] = point(-60, 0) // a spot no other case uses
    const added = await db.query<{ id: number }>(
      `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at)
       SELECT 1, 'noise', 'assigned', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $3 FROM generate_series(1, 3) RETURNING id::int`,
      [lon, lat, at('2035-02-10')],
    )
    ids.push(...added.map((a) => a.id))
    const after = await expectKept(c, 'three noise reports at one spot')
    const noise = (xs: typeof after) => xs.filter((p) => p.category_code === 'noise').reduce((n, p) => n + p.issues, 0)
    expect(noise(after)).toBe(noise(before) + 3)
  })

  it('get a row for a category added later (campaigns naming none), and all go stale when issues are truncated', async () => {
    const every = await insertCampaign('测试顽疾 全类', squareAt(point(0, 0), 160), null)
    const named = await insertCampaign('测试顽疾 指定', squareAt(point(0, 0), 160), ['noise'])
    await expectKept(every, 'before the new category')
    await expectKept(named, 'before the new category')
    const rowsOf = async (q: Pick<Db, 'query'>, id: number) =>
      (
        await q.query<{ category_code: string }>('SELECT category_code FROM campaign_recurring WHERE street_id = 1 AND campaign_id = $1 ORDER BY 1', [
          id,
        ])
      ).map((r) => r.category_code)
    const before = await rowsOf(db, every.id)
    // rolled back: the other test files share the street's categories and issues
    const rolledBack = await db
      .tx(async (q) => {
        await q.query(
          `INSERT INTO categories (street_id, code, name, time_limit_value, time_limit_unit, default_group_code)
           SELECT 1, 'test_new_kind', '测试新类', 1, 'work_days', default_group_code FROM categories WHERE street_id = 1 LIMIT 1`,
        )
        expect(await rowsOf(q, every.id)).toEqual([...before, 'test_new_kind'].sort())
        expect(await rowsOf(q, named.id)).toEqual(['noise'])
        await q.query('TRUNCATE issues CASCADE')
        const [kept] = await q.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM campaign_recurring WHERE street_id = 1 AND campaign_id = ANY ($1) AND places_gen IS NOT DISTINCT FROM gen',
          [[every.id, named.id]],
        )
        expect(kept.n, 'no kept place outlives the truncated issues').toBe(0)
        throw new Error('roll back')
      })
      .catch((e: Error) => e.message)
    expect(rolledBack).toBe('roll back')
    expect(await rowsOf(db, every.id)).toEqual(before)
  })

  it('are not kept from a campaign row an edit has since replaced', async () => {
    // the page read version 1 (the first area), then an edit to another area committed and made the
    // rows afresh before the page read them: what it counts on the first area must not be kept
    const old = await insertCampaign('测试顽疾 旧版', squareAt(point(0, 0), 160), null)
    await expectKept(old, 'the first area')
    const edited = { ...old, version: 2, polygon: squareAt(point(60, 60), 60) }
    await db.query(
      'UPDATE campaigns SET geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)), version = version + 1 WHERE street_id = $1 AND id = $2',
      [1, old.id, JSON.stringify(edited.polygon)],
    )
    const all = await codes()
    expect(await stale(old.id)).toEqual(all)
    await campaignRecurring(db, 1, old, await checkInStreet(db, 1, old.polygon), all)
    expect(await stale(old.id), 'nothing kept under the new version').toEqual(all)
    await expectKept(edited, 'read with the edited row')
  })

  it.runIf(process.env.TEST_ENGINE === 'postgres')(
    'a category added while an area edit is in flight waits for it, and nothing of the old area is kept',
    async () => {
      const c = await insertCampaign('测试顽疾 新类并发', squareAt(point(0, 0), 160), null)
      await expectKept(c, 'before')
      const edited = { ...c, version: 2, polygon: squareAt(point(60, 60), 60) }
      let added = false
      let adding: Promise<unknown> = Promise.resolve()
      await db.tx(async (q) => {
        await q.query(
          'UPDATE campaigns SET geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)), version = version + 1 WHERE street_id = $1 AND id = $2',
          [1, c.id, JSON.stringify(edited.polygon)],
        )
        adding = db
          .query(
            `INSERT INTO categories (street_id, code, name, time_limit_value, time_limit_unit, default_group_code)
           SELECT 1, 'test_race_kind', '测试并发新类', 1, 'work_days', default_group_code FROM categories WHERE street_id = 1 LIMIT 1`,
          )
          .then(() => (added = true))
        await new Promise((r) => setTimeout(r, 300))
        expect(added, 'the category waits for the edit in flight').toBe(false)
        // a page that read the old version meanwhile keeps nothing under it
        await campaignRecurring(db, 1, c, await checkInStreet(db, 1, c.polygon), [...(await codes()), 'test_race_kind'])
      })
      await adding
      expect(added).toBe(true)
      try {
        expect(await stale(c.id)).toEqual(await codes())
        await expectKept(edited, 'after the edit and the new category')
      } finally {
        await db.query("DELETE FROM campaign_recurring WHERE street_id = 1 AND category_code = 'test_race_kind'")
        await db.query("DELETE FROM categories WHERE street_id = 1 AND code = 'test_race_kind'")
      }
    },
  )

  it.runIf(process.env.TEST_ENGINE === 'postgres')('are not kept, nor waited for, while a writer in the area is in flight', async () => {
    const c = await insertCampaign('测试顽疾 并发', squareAt(point(0, 0), 160), ['flyposting'])
    const shape = await checkInStreet(db, 1, c.polygon)
    const count = async () =>
      (await campaignRecurring(db, 1, c, shape, await codes())).filter((p) => p.category_code === 'flyposting').reduce((n, p) => n + p.issues, 0)
    const report = async (q: Pick<Db, 'query'>, dx: number, n: number) => {
      const [lon, lat] = point(dx, 60)
      const added = await q.query<{ id: number }>(
        `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at)
         SELECT 1, 'flyposting', 'assigned', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $3 FROM generate_series(1, $4::int) RETURNING id::int`,
        [lon, lat, at('2035-02-11'), n],
      )
      ids.push(...added.map((a) => a.id))
    }
    const n0 = await count()
    await report(db, 60, 3) // committed and not yet read: the category is to be counted afresh
    expect(await stale(c.id)).toEqual(['flyposting'])
    let inFlight = 0
    await db.tx(async (q) => {
      await report(q, -60, 4)
      // the writer holds the category's row: the reader counts without its reports, does not wait
      // for it, and does not keep what it counted
      const t0 = Date.now()
      inFlight = await count()
      expect(Date.now() - t0).toBeLessThan(5_000)
      expect(await stale(c.id)).toEqual(['flyposting'])
    })
    expect(inFlight).toBe(n0 + 3)
    expect(await stale(c.id)).toEqual(['flyposting'])
    expect(await count()).toBe(n0 + 7)
    expect(await stale(c.id)).toEqual([])
  })
})

import * as turf from '@turf/turf'
import ExcelJS from 'exceljs'
import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, type Json, send, step } from '../issues/test-helpers.ts'
import { judge, rateChange } from './targets.ts'
import { offset, squareAt } from '../../db/testing/geo.ts'

type Issue = { id: number; lon: number; lat: number; status: string; reported_at: Date; deadline: Date | null }

let db: Db
let square: Polygon
let leader: string

const DAY = 86_400_000
const at = (s: string) => new Date(`${s}T00:00:00+08:00`)

/** The street's issues as they are now, read with SQL of their own (not the API's). */
const issues = () =>
  db.query<Issue>(`SELECT id::int, ST_X(geom) AS lon, ST_Y(geom) AS lat, status, reported_at, deadline FROM issues WHERE street_id = 1`)

/** Issues reported in [from, to), inside the polygon or (inside = false) outside it: Turf over the list. */
function countIn(list: Issue[], p: Polygon, from: Date, to: Date, inside = true) {
  return list.filter((i) => i.reported_at >= from && i.reported_at < to && turf.booleanPointInPolygon([i.lon, i.lat], p) === inside).length
}

const create = (body: Json, as = leader) => send('POST', '/api/v1/campaigns', body, as)
const detail = async (id: number) => send('GET', `/api/v1/campaigns/${id}`, undefined, leader)
const area = (polygon: Polygon, from: Date, to: Date) =>
  send('POST', '/api/v1/analysis/area', { polygon, from: from.toISOString(), to: to.toISOString() }, leader)

const PHASES = [
  { name: '集中创建', from: '2026-08-01', to: '2026-10-01', aim: '占道经营清零' },
  { name: '完善提高', from: '2026-10-01', to: '2026-12-01' },
]

beforeAll(async () => {
  db = await testDb()
  leader = await cookieOf('leader')
  // An area of 300 m away from where other test files report problems at the test clock on the
  // shared server database (the point-on-surface of the first grids and of the street), holding
  // enough issues to count.
  const boundary = (await send('GET', '/api/v1/layers/boundary', undefined, '')).body as FeatureCollection<MultiPolygon>
  const [cx, cy] = turf.centroid(boundary.features[0]).geometry.coordinates
  const probes = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (
       (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE street_id = 1 ORDER BY code LIMIT 15)
       UNION ALL SELECT ST_PointOnSurface(boundary) FROM streets WHERE id = 1) s`,
  )
  const list = await issues()
  for (let k = 0; k < 200 && !square; k++) {
    const p = squareAt([cx + ((k % 15) - 7) * 0.0015, cy + (Math.floor(k / 15) - 7) * 0.0012], 300)
    const clean = probes.every((q) => !turf.booleanPointInPolygon([q.lon, q.lat], turf.buffer(p, 0.05)!))
    if (clean && turf.booleanWithin(p, boundary.features[0]) && countIn(list, p, at('2026-07-01'), at('2026-12-01')) >= 40) square = p
  }
  expect(square, 'a test area').toBeDefined()
})

describe('a campaign measured per phase', () => {
  let id: number
  beforeAll(async () => {
    const r = await create({ name: '测试攻坚：新雨路沿线', polygon: square, phases: PHASES, targets: [{ change: -0.5 }] })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    id = r.body.campaign.id
    expect(r.body.campaign.state).toBe('running')
    expect(new Date(r.body.campaign.baseline.from).getTime()).toBe(at('2026-07-02').getTime())
  })

  it('counts each phase and the baseline as POST /analysis/area does, and as Turf does over the issue list', async () => {
    const d = (await detail(id)).body
    const list = await issues()
    const windows = [
      { name: 'baseline', from: at('2026-07-02'), to: at('2026-08-01'), got: d.baseline },
      ...PHASES.map((p, k) => ({ name: p.name, from: at(p.from), to: at(p.to), got: d.phases[k] })),
    ]
    for (const w of windows) {
      const a = (await area(square, w.from, w.to)).body
      expect(w.got.area.total, w.name).toBe(a.counts.total)
      for (const k of ['open', 'overdue', 'closed', 'answered'] as const) expect(w.got.area[k], `${w.name} ${k}`).toBe(a.counts[k])
      expect(w.got.control.total, w.name).toBe(a.control.total)
      expect(w.got.area.total, `${w.name} by Turf`).toBe(countIn(list, square, w.from, w.to))
      expect(w.got.control.total, `${w.name} control by Turf`).toBe(countIn(list, square, w.from, w.to, false))
    }
    expect(d.phases[0].state).toBe('ended')
    expect(d.phases[1].state).toBe('running')
    expect(d.phases[0].aim).toBe('占道经营清零')
    // difference-in-differences: daily rates against the baseline's, the area's change less the control's
    const [b, p1] = [d.baseline, d.phases[0]]
    const areaChange = p1.area.total / 61 / (b.area.total / 30) - 1
    const controlChange = p1.control.total / 61 / (b.control.total / 30) - 1
    expect(p1.change.area).toBeCloseTo(areaChange, 12)
    expect(p1.change.control).toBeCloseTo(controlChange, 12)
    expect(p1.change.difference).toBeCloseTo(areaChange - controlChange, 12)
    // 顽疾: clusters of at least 3 issues of one category, inside the area
    for (const p of d.recurring) {
      expect(turf.booleanPointInPolygon([p.lon, p.lat], square)).toBe(true)
      expect(p.issues).toBeGreaterThanOrEqual(3)
    }
    // the running phase is measured on the days so far
    expect(d.phases[1].days_so_far).toBeCloseTo((TEST_NOW.getTime() - at('2026-10-01').getTime()) / DAY, 9)
  })

  it('follows issues added, moved and closed during the campaign', async () => {
    const before = (await detail(id)).body.phases[1].area
    const [lon, lat] = turf.centroid(square).geometry.coordinates
    const added = await send('POST', '/api/v1/issues', { lon, lat, category: 'clutter', description: '攻坚测试：新增' }, leader)
    expect(added.status).toBe(201)
    let now = (await detail(id)).body.phases[1]
    expect(now.area.total).toBe(before.total + 1)
    expect(now.area.open).toBe(before.open + 1)
    // closed: assigned, rectified and passed at 回头看
    for (const action of ['assign', 'rectify', 'approve']) expect((await step(added.body.id, { action, note: '攻坚' })).status).toBe(200)
    now = (await detail(id)).body.phases[1]
    expect(now.area.closed).toBe(before.closed + 1)
    expect(now.area.open).toBe(before.open)
    // moved out of the area (a corrected location): the area loses it, the control gains it
    const control0 = now.control.total
    const away = (
      await db.query<{ lon: number; lat: number }>(
        'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids WHERE street_id = 1 ORDER BY code) s',
      )
    ).find((q) => !turf.booleanPointInPolygon([q.lon, q.lat], square))!
    await db.query(`UPDATE issues SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE street_id = 1 AND id = $1`, [
      added.body.id,
      away.lon,
      away.lat,
    ])
    now = (await detail(id)).body.phases[1]
    expect(now.area.total).toBe(before.total)
    expect(now.control.total).toBe(control0 + 1)
    const list = await issues()
    expect(now.area.total).toBe(countIn(list, square, at('2026-10-01'), at('2026-12-01')))
  })

  it('draws the daily line of new and open issues from the audit trail', async () => {
    const d = (await detail(id)).body
    const list = await issues()
    const line = d.daily as { day: string; new: number; open: number }[]
    expect(line[0].day).toBe('2026-07-02')
    expect(line.at(-1)!.day).toBe('2026-11-20')
    const inside = list.filter((i) => turf.booleanPointInPolygon([i.lon, i.lat], square))
    // new per day: Turf's count of each local day
    for (const r of line.filter((_, k) => k % 17 === 0)) {
      const from = at(r.day)
      expect(r.new, r.day).toBe(countIn(inside, square, from, new Date(from.getTime() + DAY)))
    }
    // open at the end of today: the issues inside that are open now
    expect(line.at(-1)!.open).toBe(inside.filter((i) => ['reported', 'assigned', 'rectifying', 'rectified'].includes(i.status)).length)
    // open at the end of a past day: each issue's last event by then, read from the trail by brute force
    const ends = at('2026-09-15').getTime() + DAY
    const events = await db.query<{ issue_id: number; at: Date; to_status: string }>(
      `SELECT issue_id::int, at, to_status FROM issue_events WHERE street_id = 1 AND to_status IS NOT NULL ORDER BY at, id`,
    )
    const last = new Map<number, string>()
    for (const e of events) if (e.at.getTime() < ends) last.set(e.issue_id, e.to_status)
    const open = inside.filter(
      (i) => i.reported_at.getTime() < ends && ['reported', 'assigned', 'rectifying', 'rectified'].includes(last.get(i.id) ?? 'reported'),
    )
    expect(line.find((r) => r.day === '2026-09-15')!.open).toBe(open.length)
  })

  it('exports the summary as a workbook that reads back as the page', async () => {
    const app = await testApp()
    const res = await app.request(`/api/v1/campaigns/${id}/summary.xlsx`, { headers: { cookie: leader } })
    expect(res.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer)
    const d = (await detail(id)).body
    const phases = wb.getWorksheet('分阶段')!
    expect(phases.getRow(1).getCell(1).value).toBe('阶段')
    expect(phases.getRow(2).getCell(5).value).toBe(d.baseline.area.total)
    expect(phases.getRow(3).getCell(1).value).toBe('集中创建')
    expect(phases.getRow(3).getCell(5).value).toBe(d.phases[0].area.total)
    expect(phases.getRow(3).getCell(9).value).toBeCloseTo(d.phases[0].change.difference, 12)
    expect(wb.getWorksheet('每日')!.rowCount).toBe(d.daily.length + 1)
    expect(wb.getWorksheet('目标')!.getRow(2).getCell(4).value).toBe({ on_track: '达标中', at_risk: '有风险' }[d.targets[0].status as string])
  })
})

describe('targets at their boundaries', () => {
  const base = { from: '2026-08-02', to: '2026-09-01' }
  const phases = [{ name: '集中创建', from: '2026-09-01', to: '2026-10-01' }]
  let n: number, n0: number, closed: number, den: number

  beforeAll(async () => {
    const list = await issues()
    n = countIn(list, square, at('2026-09-01'), at('2026-10-01'))
    n0 = countIn(list, square, at('2026-08-02'), at('2026-09-01'))
    const run = list.filter(
      (i) => i.reported_at >= at('2026-09-01') && i.reported_at < at('2026-10-01') && turf.booleanPointInPolygon([i.lon, i.lat], square),
    )
    closed = run.filter((i) => i.status === 'closed').length
    const overdue = run.filter(
      (i) => ['reported', 'assigned', 'rectifying', 'rectified'].includes(i.status) && i.deadline && i.deadline < TEST_NOW,
    ).length
    den = closed + run.filter((i) => i.status === 'answered').length + overdue
    expect(n0).toBeGreaterThan(1)
    expect(den).toBeGreaterThan(1)
  })

  it('a change target is met exactly at the target and by one issue fewer, missed by one more', async () => {
    const targets = [n, n - 1, n + 1].map((k) => ({ change: k / n0 - 1 }))
    const r = await create({ name: '边界：变化', polygon: square, phases, baseline: base, targets })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const t = (await detail(r.body.campaign.id)).body.targets
    expect(t.map((x: Json) => x.status)).toEqual(['met', 'missed', 'met'])
    expect(t[0].actual).toBeCloseTo(n / n0 - 1, 12)
    expect(t[0].issues).toBe(n)
    expect(t[0].baseline_issues).toBe(n0)
  })

  it('a 整改率 target is met exactly at it, missed one closed issue above', async () => {
    const targets = [closed, closed + 1, closed - 1].map((k) => ({ metric: 'rectification_rate', min: Math.min(1, k / den) }))
    const r = await create({ name: '边界：整改率', polygon: square, phases, baseline: base, targets })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const t = (await detail(r.body.campaign.id)).body.targets
    expect(t[0].actual).toBeCloseTo(closed / den, 12)
    expect(t.map((x: Json) => x.status)).toEqual(['met', closed + 1 > den ? 'met' : 'missed', 'met'])
  })

  it('judges by stage: upcoming, on track or at risk while running, met or missed once ended', () => {
    expect(judge('upcoming', null, -0.5, true)).toBe('upcoming')
    expect(judge('running', -0.5, -0.5, true)).toBe('on_track')
    expect(judge('running', -0.49, -0.5, true)).toBe('at_risk')
    expect(judge('ended', 0.98, 0.98, false)).toBe('met')
    expect(judge('ended', 0.97, 0.98, false)).toBe('missed')
    expect(judge('running', null, 0.98, false)).toBe('no_data')
    expect(rateChange(15, 30, 30, 30)).toBe(-0.5)
    expect(rateChange(3, 10, 0, 30)).toBeNull()
  })
})

describe('areas from communities and grids, edits and history', () => {
  it('takes whole communities as the area, with their area', async () => {
    const [c] = await db.query<{ code: string; area_m2: number }>('SELECT code, area_m2 FROM communities WHERE street_id = 1 ORDER BY code LIMIT 1')
    const r = await create({ name: '社区攻坚', communities: [c.code], phases: PHASES })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.campaign.area_source).toBe('communities')
    const d = (await detail(r.body.campaign.id)).body
    expect(Math.abs(d.area_m2 / c.area_m2 - 1)).toBeLessThan(0.001)
  })

  it('keeps every version: a change of dates is in the history, archiving hides it from the list', async () => {
    const r = await create({ name: '历史测试', polygon: square, phases: PHASES })
    const id = r.body.campaign.id
    const moved = [{ ...PHASES[0], from: '2026-08-15' }, PHASES[1]]
    const e = await send('PATCH', `/api/v1/campaigns/${id}`, { phases: moved }, leader)
    expect(e.status, JSON.stringify(e.body)).toBe(200)
    expect(e.body.campaign.version).toBe(2)
    const d = (await detail(id)).body
    expect(d.history.map((h: Json) => h.version)).toEqual([1, 2])
    expect(d.history[1].changed).toContain('phases')
    expect(d.history[1].changed).toContain('baseline') // the default baseline follows the first phase
    expect(d.history[0].snapshot.phases[0].from).toBe(at('2026-08-01').toISOString())
    expect(new Date(d.campaign.starts_at).getTime()).toBe(at('2026-08-15').getTime())
    const a = await send('PATCH', `/api/v1/campaigns/${id}`, { archived: true }, leader)
    expect(a.body.campaign.state).toBe('archived')
    const list = (await send('GET', '/api/v1/campaigns', undefined, leader)).body.campaigns as Json[]
    expect(list.some((c) => c.id === id)).toBe(false)
    const all = (await send('GET', '/api/v1/campaigns?archived=1', undefined, leader)).body.campaigns as Json[]
    expect(all.some((c) => c.id === id)).toBe(true)
  })

  it('lists running campaigns with their progress for the wall', async () => {
    const wall = await cookieOf('screen')
    const r = await send('GET', '/api/v1/campaigns?state=running&progress=1', undefined, wall)
    expect(r.status).toBe(200)
    expect(r.body.campaigns.length).toBeGreaterThan(0)
    // Other test files run campaigns too: each one's phase and days left from its own phases at the test clock.
    for (const c of r.body.campaigns) {
      expect(c.state).toBe('running')
      const phase = (c.phases as Json[]).find((p) => new Date(p.from) <= TEST_NOW && TEST_NOW < new Date(p.to))
      expect(c.phase_now).toBe(phase?.name ?? null)
      expect(c.days_left).toBe(Math.ceil((new Date(c.ends_at).getTime() - TEST_NOW.getTime()) / DAY))
    }
    expect(r.body.campaigns.some((c: Json) => c.phase_now === '完善提高' && c.days_left === 11)).toBe(true)
  })

  it('shows a group leader only their group’s campaigns', async () => {
    const mine = await create({ name: '一组攻坚', polygon: square, phases: PHASES, group: 'G01' })
    const other = await create({ name: '五组攻坚', polygon: square, phases: PHASES, group: 'G05' })
    const g = await cookieOf('group01')
    const list = (await send('GET', '/api/v1/campaigns', undefined, g)).body.campaigns as Json[]
    expect(list.length).toBeGreaterThan(0)
    expect(list.every((c) => c.group === 'G01')).toBe(true)
    expect((await send('GET', `/api/v1/campaigns/${mine.body.campaign.id}`, undefined, g)).status).toBe(200)
    expect((await send('GET', `/api/v1/campaigns/${other.body.campaign.id}`, undefined, g)).status).toBe(403)
  })
})

describe('campaign reads are expensive work', () => {
  it('share the analysis limit per caller: a second page at once is refused with 429, a create is not', async () => {
    const app = await testApp({ ANALYSIS_PER_CALLER: '1' })
    // two campaigns: two different pages (the read cache would answer one page asked twice at once by one computation)
    const r = await create({ name: '限流测试', polygon: square, phases: PHASES })
    const r2 = await create({ name: '限流测试甲', polygon: square, phases: PHASES })
    const get = (id: number) => app.request(`/api/v1/campaigns/${id}`, { headers: { cookie: leader } })
    const statuses = (await Promise.all([get(r.body.campaign.id), get(r2.body.campaign.id)])).map((x) => x.status).sort()
    expect(statuses).toEqual([200, 429])
    const post = await app.request('/api/v1/campaigns', {
      method: 'POST',
      headers: { cookie: leader, 'content-type': 'application/json' },
      body: JSON.stringify({ name: '限流测试二', polygon: square, phases: PHASES }),
    })
    expect(post.status).toBe(201)
  })
})

describe('bad input gets a clear 4xx and writes nothing', () => {
  const cases: [string, Json, number, string][] = [
    ['phases that overlap', { phases: [PHASES[0], { name: 'B', from: '2026-09-15', to: '2026-11-01' }] }, 400, 'invalid_phase'],
    ['a phase that runs backwards', { phases: [{ name: 'A', from: '2026-10-01', to: '2026-09-01' }] }, 400, 'invalid_phase'],
    ['an area outside the street', { polygon: squareAt([113.2, 28.3], 300) }, 422, 'outside_street'],
    ['an unknown category', { categories: ['no_such_thing'] }, 422, 'unknown_category'],
    ['an absurd change target', { targets: [{ change: -3 }] }, 400, 'invalid_target'],
    ['a 整改率 above 100 %', { targets: [{ metric: 'rectification_rate', min: 98 }] }, 400, 'invalid_target'],
    ['an unknown group', { group: 'G99' }, 422, 'unknown_group'],
    ['an unknown community', { polygon: undefined, communities: ['999999999999'] }, 422, 'unknown_area_unit'],
    ['two areas at once', { communities: ['999999999999'] }, 400, 'invalid_parameter'],
  ]
  for (const [what, change, status, code] of cases) {
    it(what, async () => {
      const name = `坏输入：${what}`
      const r = await create({ name, polygon: square, phases: PHASES, ...change })
      expect(r.status, JSON.stringify(r.body)).toBe(status)
      expect(r.body.error.code).toBe(code)
      expect(r.body.error.message).toMatch(/[\u4e00-\u9fff]/)
      expect(await db.query('SELECT 1 FROM campaigns WHERE name = $1', [name])).toEqual([])
    })
  }

  it('refuses grid managers and anonymous callers', async () => {
    expect((await create({ name: 'x', polygon: square, phases: PHASES }, await cookieOf('grid01'))).status).toBe(403)
    expect((await create({ name: 'x', polygon: square, phases: PHASES }, '')).status).toBe(401)
  })
})

describe('the target "every point in the area inspected weekly"', () => {
  // Monday 2026-11-16 to Wednesday 11-18 (+08:00): a window no other test inspects in, over by TEST_NOW.
  const phases = [{ name: '集中巡查', from: '2026-11-16T00:00:00+08:00', to: '2026-11-18T00:00:00+08:00' }]
  let polygon: Polygon
  let inside: { code: string; class_code: string; at: Position }[] = []
  let points: { code: string; class_code: string; at: Position }[] = []

  /** A square around one field point holding exactly it and its two nearest (by the larger of dx, dy) neighbours. */
  beforeAll(async () => {
    const layer = (await send('GET', '/api/v1/layers/points', undefined, leader)).body as FeatureCollection
    const boundary = (await send('GET', '/api/v1/layers/boundary', undefined, '')).body as FeatureCollection<MultiPolygon>
    const pts = layer.features.map((f) => ({
      code: f.properties!.code as string,
      class_code: f.properties!.class_code as string,
      at: (f.geometry as { coordinates: Position }).coordinates,
    }))
    points = pts
    const metres = (a: Position, b: Position) => {
      const dx = (b[0] - a[0]) * 111_320 * Math.cos((a[1] * Math.PI) / 180)
      const dy = (b[1] - a[1]) * 110_574
      return Math.max(Math.abs(dx), Math.abs(dy))
    }
    let best = { gap: 0, side: 0, p: pts[0].at }
    for (const p of pts) {
      const d = pts.map((q) => metres(p.at, q.at)).sort((a, b) => a - b)
      const gap = d[3] - d[2]
      if (gap > best.gap && d[2] < 250 && turf.booleanWithin(squareAt(p.at, d[2] * 2 + gap), boundary.features[0]))
        best = { gap, side: d[2] + gap / 2, p: p.at }
    }
    expect(best.gap, 'a point with two close neighbours and room around them').toBeGreaterThan(2)
    polygon = squareAt(best.p, 2 * best.side)
    inside = pts.filter((p) => turf.booleanPointInPolygon(p.at, polygon))
    expect(inside).toHaveLength(3)
    // two of the three inspected in the window (one of them twice), the third the day after it ends
    const inspector = await cookieOf('inspector')
    const inspect = async (p: { code: string; class_code: string }, at: string) => {
      const list = (await send('GET', `/api/v1/checklists?class=${p.class_code}`)).body[0]
      const items = list.items.map((i: Json) => ({ code: i.code, pass: true }))
      const r = await send('POST', '/api/v1/inspections', { point_code: p.code, items, at }, inspector)
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    }
    await inspect(inside[0], '2026-11-16T09:00:00+08:00')
    await inspect(inside[0], '2026-11-17T15:00:00+08:00')
    await inspect(inside[1], '2026-11-17T23:59:00+08:00')
    await inspect(inside[2], '2026-11-18T08:00:00+08:00')
  })

  it('is judged on the share of the area’s points inspected in each ended week: met at it exactly, missed above', async () => {
    // What GET /inspections says happened in the window, placed in the area by Turf: not the campaign's SQL.
    const all = (await send('GET', '/api/v1/inspections?limit=1000', undefined, leader)).body.inspections as Json[]
    const codes = new Set(inside.map((p) => p.code))
    const seen = new Set(
      all.filter((i) => codes.has(i.point_code) && new Date(i.at) >= at('2026-11-16') && new Date(i.at) < at('2026-11-18')).map((i) => i.point_code),
    )
    const share = seen.size / inside.length
    expect(share).toBeCloseTo(2 / 3, 12)
    const targets = [share, 1, (seen.size - 1) / inside.length].map((min) => ({ metric: 'inspection_coverage', min }))
    const r = await create({ name: '巡查全覆盖', polygon, phases, targets })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const t = (await detail(r.body.campaign.id)).body.targets
    expect(t.map((x: Json) => x.status)).toEqual(['met', 'missed', 'met'])
    expect(t[0].actual).toBeCloseTo(share, 12)
    expect(t[0].weeks).toEqual([{ week: '2026-W47', points: 3, inspected: seen.size }])
  })

  it('counts the points of the stored area on the wall as on the page, not the list’s simplified polygon', async () => {
    // A rectangle ending 0.5 m west of an inspected point, its east edge bent 0.8 m east at the point's
    // latitude: the point is inside the area, but not inside it simplified to ~1 m as GET /campaigns lists it.
    const p = inside[0].at
    const ring = [offset(p, -40.5, -20), offset(p, -0.5, -20), offset(p, 0.3, 0), offset(p, -0.5, 20), offset(p, -40.5, 20), offset(p, -40.5, -20)]
    const area: Polygon = { type: 'Polygon', coordinates: [ring] }
    expect(turf.booleanPointInPolygon(p, area)).toBe(true)
    const [{ kept }] = await db.query<{ kept: boolean }>(
      'SELECT ST_Intersects(ST_SimplifyPreserveTopology(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 0.00001), ST_SetSRID(ST_MakePoint($2, $3), 4326)) AS kept',
      [JSON.stringify(area), p[0], p[1]],
    )
    expect(kept, 'the list’s simplification leaves the point out').toBe(false)
    const all = (await send('GET', '/api/v1/inspections?limit=1000', undefined, leader)).body.inspections as Json[]
    const mine = points.filter((q) => turf.booleanPointInPolygon(q.at, area))
    const seen = new Set(
      all
        .filter((i) => mine.some((q) => q.code === i.point_code) && new Date(i.at) >= at('2026-11-16') && new Date(i.at) < at('2026-11-18'))
        .map((i) => i.point_code),
    )
    expect(seen.has(inside[0].code)).toBe(true)
    const r = await create({ name: '巡查全覆盖（边上的点）', polygon: area, phases, targets: [{ metric: 'inspection_coverage', min: 1 }] })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const id = r.body.campaign.id
    const expected = [{ week: '2026-W47', points: mine.length, inspected: seen.size }]
    expect((await detail(id)).body.targets[0].weeks).toEqual(expected)
    const wall = (await send('GET', '/api/v1/campaigns?progress=1', undefined, leader)).body.campaigns as Json[]
    expect(wall.find((c) => c.id === id)!.targets[0].weeks).toEqual(expected)
  })

  it('has nothing to judge while no week of a running campaign has ended', async () => {
    const running = [{ name: '本周巡查', from: '2026-11-16T00:00:00+08:00', to: '2026-12-01T00:00:00+08:00' }]
    const r = await create({ name: '巡查全覆盖（进行中）', polygon, phases: running, targets: [{ metric: 'inspection_coverage' }] })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const [t] = (await detail(r.body.campaign.id)).body.targets
    expect(t).toMatchObject({ metric: 'inspection_coverage', min: 1, actual: null, status: 'no_data', weeks: [] })
  })

  it('refuses a coverage above 100 % or at 0', async () => {
    for (const min of [1.5, 0]) {
      const r = await create({ name: '巡查覆盖：无效', polygon, phases, targets: [{ metric: 'inspection_coverage', min }] })
      expect(r.status).toBe(400)
      expect(r.body.error.message).toMatch(/巡查覆盖率/)
    }
  })
})

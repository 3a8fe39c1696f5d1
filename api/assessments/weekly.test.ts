/**
 * GET /assessments/weekly against expectations computed here in plain TypeScript from the raw
 * inspections this test makes (scores from the answers and the checklist versions' points, weeks
 * from hand-written +08:00 bounds): a point inspected twice, Sunday 23:59:59, Monday 00:00, ties,
 * an empty week, a checklist edited mid-week, N flags and blending.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, send, type Json } from '../issues/test-helpers.ts'
import { answers, checklistOf } from '../inspections/test-helpers.ts'

interface Pt {
  code: string
  class_code: string
  community_code: string
  grid_code: string
}
interface Made {
  point: Pt
  at: Date
  score: number
}

const made: Made[] = []
let points: Pt[] = []
let communities: string[] = []
let tie: string[] = []
let twice = ''
let edit: [string, string, number] = ['', '', 0]

/** Inspects `p` at `at`, failing the items at `fail` (indices); the expected score from `list`'s points. */
async function inspect(p: Pt, at: string, fail: number[], list?: Json) {
  const l = list ?? (await checklistOf(p.class_code))
  const codes = fail.map((k) => l.items[k].code)
  const r = await send('POST', '/api/v1/inspections', { point_code: p.code, items: await answers(l, codes, '测评'), at }, await cookieOf('inspector'))
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  const score = Math.max(0, 100 - fail.reduce((s, k) => s + l.items[k].points, 0))
  expect(r.body.score).toBe(score)
  made.push({ point: p, at: new Date(at), score })
  return r.body
}

const W = {
  w45: ['2026-11-02T00:00:00+08:00', '2026-11-09T00:00:00+08:00'],
  w46: ['2026-11-09T00:00:00+08:00', '2026-11-16T00:00:00+08:00'],
  w40: ['2026-09-28T00:00:00+08:00', '2026-10-05T00:00:00+08:00'],
}
const r1 = (x: number) => Math.round(x * 10) / 10

/** The expected table: latest per point in [from, to), mean per community, competition ranks, flags, change. */
function expected(week: string[], prev: string[], n: number, blend?: (code: string, mean: number) => number) {
  const meanIn = ([from, to]: string[]) => {
    const inWeek = made.filter((m) => m.at >= new Date(from) && m.at < new Date(to))
    const latest = new Map<string, Made>()
    for (const m of inWeek) {
      const seen = latest.get(m.point.code)
      if (!seen || m.at > seen.at) latest.set(m.point.code, m)
    }
    const by = new Map<string, number[]>()
    for (const m of latest.values()) by.set(m.point.community_code, [...(by.get(m.point.community_code) ?? []), m.score])
    return new Map([...by].map(([c, s]) => [c, s.reduce((a, b) => a + b, 0) / s.length]))
  }
  const cur = meanIn(week)
  const before = meanIn(prev)
  const show = (c: string, m: number | undefined) => (m === undefined ? null : r1(blend ? blend(c, m) : m))
  const rows = communities.map((c) => ({ code: c, score: show(c, cur.get(c)), previous: show(c, before.get(c)) }))
  const ranked = rows.filter((r) => r.score !== null).map((r) => r.score!)
  return rows.map((r) => {
    if (r.score === null) return { code: r.code, score: null, rank: null, flag: null, change: null }
    const higher = ranked.filter((s) => s > r.score!).length
    const lower = ranked.filter((s) => s < r.score!).length
    const flag = higher < n ? 'red' : lower < n ? 'yellow' : null
    return { code: r.code, score: r.score, rank: higher + 1, flag, change: r.previous === null ? null : r1(r.score - r.previous) }
  })
}

const weekly = async (q: string, who = 'leader') => send('GET', `/api/v1/assessments/weekly?${q}`, undefined, who ? await cookieOf(who) : '')
const pick = (rows: Json[]) =>
  rows.map((r) => ({ code: r.code, score: r.score, rank: r.rank, flag: r.flag, change: r.change })).sort((a, b) => a.code.localeCompare(b.code))

beforeAll(async () => {
  const db = await testDb()
  points = await db.query<Pt>('SELECT code, class_code, community_code, grid_code FROM field_points ORDER BY community_code, code')
  communities = (await db.query<{ code: string }>('SELECT code FROM communities ORDER BY code')).map((c) => c.code)
  // a park_square point in each of two communities, for the checklist edited mid-week
  const cls = 'park_square'
  const park = points.filter((p) => p.class_code === cls)
  const [a, b] = [park[0], park.find((p) => p.community_code !== park[0].community_code)!]
  // the other communities, in code order, for the rest of the cases
  const rest = communities.filter((c) => c !== a.community_code && c !== b.community_code)
  const of = (k: number) => points.filter((p) => p.community_code === rest[k])
  // the week before (2026-W45)
  await inspect(of(0)[0], '2026-11-03T09:00:00+08:00', [])
  await inspect(of(1)[0], '2026-11-04T09:00:00+08:00', [0])
  await inspect(of(2)[0], '2026-11-08T23:59:59+08:00', [0, 1])
  // 2026-W46: the first community's first point twice (the later one counts), its second on Sunday 23:59:59
  await inspect(of(0)[0], '2026-11-09T09:00:00+08:00', [0, 1])
  await inspect(of(0)[0], '2026-11-11T10:00:00+08:00', [0])
  await inspect(of(0)[1], '2026-11-15T23:59:59+08:00', [])
  await inspect(of(1)[0], '2026-11-10T10:00:00+08:00', [0])
  // two communities at 100: a tie at the top
  await inspect(of(2)[0], '2026-11-10T11:00:00+08:00', [])
  await inspect(of(3)[0], '2026-11-10T12:00:00+08:00', [])
  // a checklist edited mid-week: the Tuesday inspection keeps its version, Thursday's takes the new points
  const v1 = await checklistOf(cls)
  await inspect(a, '2026-11-10T15:00:00+08:00', [0], v1)
  const edited = v1.items.map((i: Json, k: number) => ({
    code: i.code,
    text: i.text,
    points: k === 0 ? i.points + 9 : i.points,
    category: i.category,
    photo_required: i.photo_required,
  }))
  const e = await send('PUT', `/api/v1/admin/checklists/${cls}`, { items: edited }, await cookieOf('admin'))
  expect(e.status).toBe(200)
  await inspect(b, '2026-11-12T15:00:00+08:00', [0], e.body)
  // Monday 00:00 of 2026-W47: not in W46
  await inspect(of(4)[0], '2026-11-16T00:00:00+08:00', [0, 1, 2])
  tie = [rest[2], rest[3]]
  twice = rest[0]
  edit = [a.community_code, b.community_code, v1.items[0].points]
})

describe('GET /assessments/weekly', () => {
  it('ranks communities by the mean of each point’s latest score in the ISO week (+08:00), with ties, flags and change', async () => {
    const r = await weekly('week=2026-W46&level=community')
    expect(r.status).toBe(200)
    expect([r.body.week, r.body.level, r.body.from, r.body.to]).toEqual([
      '2026-W46',
      'community',
      '2026-11-09T00:00:00+08:00',
      '2026-11-16T00:00:00+08:00',
    ])
    const want = expected(W.w46, W.w45, 1)
    expect(pick(r.body.rows)).toEqual(want.sort((x, y) => x.code.localeCompare(y.code)))
    // the cases the data was made for: a tie at the top, both red; unranked rows unflagged
    const row = (c: string) => r.body.rows.find((x: Json) => x.code === c)
    expect(tie.map((c) => [row(c).score, row(c).rank, row(c).flag])).toEqual([
      [100, 1, 'red'],
      [100, 1, 'red'],
    ])
    expect(r.body.rows.filter((x: Json) => x.score === null).every((x: Json) => x.rank === null && x.flag === null)).toBe(true)
    expect(r.body.rows.filter((x: Json) => x.flag === 'yellow')).toHaveLength(1)
    // the mid-week edit: Thursday's failure of item 1 deducted 9 points more than Tuesday's
    expect(row(edit[0]).score - row(edit[1]).score).toBe(9)
    expect(row(edit[0]).score).toBe(100 - edit[2])
    // inspected points and failed items of the latest inspections
    const c0 = row(twice)
    expect([c0.inspected_points, c0.failed_items]).toEqual([2, 1])
  })

  it('level=street ranks every street of the deployment by the mean over all its points', async () => {
    const r = await weekly('week=2026-W46&level=street')
    expect(r.status).toBe(200)
    const db = await testDb()
    const streets = await db.query<{ code: string }>('SELECT code FROM streets ORDER BY code')
    expect(r.body.rows.map((x: Json) => x.code).sort()).toEqual(streets.map((x) => x.code))
    const [from, to] = W.w46.map((t) => new Date(t))
    const latest = new Map<string, Made>()
    for (const m of made.filter((x) => x.at >= from && x.at < to))
      if (!latest.has(m.point.code) || m.at > latest.get(m.point.code)!.at) latest.set(m.point.code, m)
    const scores = [...latest.values()].map((m) => m.score)
    expect(r.body.rows[0]).toMatchObject({ score: r1(scores.reduce((a, b) => a + b, 0) / scores.length), rank: 1, inspected_points: scores.length })
  })

  it('an empty week: every row 未测评 (null), unranked and unflagged, never 0', async () => {
    const r = await weekly('week=2026-W40&level=grid')
    expect(r.status).toBe(200)
    const db = await testDb()
    const grids = await db.query<{ code: string }>('SELECT code FROM grids ORDER BY code')
    expect(r.body.rows.map((x: Json) => x.code).sort()).toEqual(grids.map((g) => g.code))
    for (const row of r.body.rows) expect([row.score, row.rank, row.flag, row.change, row.inspected_points]).toEqual([null, null, null, null, 0])
    expect(expected(W.w40, W.w46, 1).every((x) => x.score === null)).toBe(true)
  })

  it('refuses a week that does not exist and an unknown level', async () => {
    for (const q of ['week=2026-W54', 'week=2027-W53', 'week=2026-49', 'level=city']) expect((await weekly(q)).status, q).toBe(400)
  })

  it('follows the admin settings: N flags each way, and the loop indicators blended in with a weight', async () => {
    const admin = await cookieOf('admin')
    const before = (await send('GET', '/api/v1/admin/assessment-settings', undefined, admin)).body
    expect(before).toEqual({ flag_count: 1, blend_weight: 0 })
    try {
      expect((await send('PUT', '/api/v1/admin/assessment-settings', { flag_count: 2, blend_weight: 0 }, admin)).status).toBe(200)
      const two = await weekly('week=2026-W46')
      expect(pick(two.body.rows)).toEqual(expected(W.w46, W.w45, 2).sort((x, y) => x.code.localeCompare(y.code)))
      expect((await send('PUT', '/api/v1/admin/assessment-settings', { flag_count: 1, blend_weight: 0.4 }, admin)).status).toBe(200)
      const loop = async (from: string, to: string) => {
        const q = `by=community&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
        const ind = await send('GET', `/api/v1/indicators?${q}`, undefined, await cookieOf('leader'))
        return new Map<string, number | null>(
          ind.body.rows.map((x: Json) => {
            const parts = [x.on_time_rate, x.rework_rate === null ? null : 1 - x.rework_rate].filter((v) => v !== null)
            return [x.key, parts.length ? (100 * parts.reduce((s: number, v: number) => s + v, 0)) / parts.length : null]
          }),
        )
      }
      const [now, prev] = [await loop(W.w46[0], W.w46[1]), await loop(W.w45[0], W.w45[1])]
      expect([...now.values()].some((v) => v !== null)).toBe(true)
      const blended = await weekly('week=2026-W46')
      const want = expected(W.w46, W.w45, 1, (c, m) => {
        const l = now.get(c)
        return l === null || l === undefined ? m : 0.6 * m + 0.4 * l
      })
      // the previous week blends with its own week's indicators
      const wantPrev = expected(W.w45, W.w45, 1, (c, m) => {
        const l = prev.get(c)
        return l === null || l === undefined ? m : 0.6 * m + 0.4 * l
      })
      for (const row of want) {
        const p = wantPrev.find((x) => x.code === row.code)!
        row.change = row.score !== null && p.score !== null ? r1(row.score - p.score) : null
      }
      expect(pick(blended.body.rows)).toEqual(want.sort((x, y) => x.code.localeCompare(y.code)))
      expect((await send('PUT', '/api/v1/admin/assessment-settings', { flag_count: 1, blend_weight: 1.5 }, admin)).status).toBe(400)
      expect((await send('PUT', '/api/v1/admin/assessment-settings', before, await cookieOf('leader'))).status).toBe(403)
    } finally {
      await send('PUT', '/api/v1/admin/assessment-settings', before, admin)
    }
  })

  it('shows a grid manager only their own grids, ranked among all; the wall and anonymous readers see aggregates', async () => {
    const me = await send('GET', '/api/v1/auth/me', undefined, await cookieOf('grid01'))
    const mine = await weekly('week=2026-W46&level=grid', 'grid01')
    expect(mine.body.rows.map((x: Json) => x.code).sort()).toEqual([...me.body.user.grids].sort())
    const all = await weekly('week=2026-W46&level=grid')
    for (const row of mine.body.rows) expect(row).toEqual(all.body.rows.find((x: Json) => x.code === row.code))
    expect((await weekly('week=2026-W46', 'screen')).status).toBe(200)
    expect((await weekly('week=2026-W46', '')).status).toBe(200)
  })
})

import type { Feature, FeatureCollection, Point } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import { getJson } from '../../db/testing/app.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { countByArea, type Areas } from '../../db/testing/geo.ts'

type IssueProps = { id: number; category: string; status: string; grid_code: string; community_code: string; reported_at: string; deadline: string }
type GridStat = {
  grid_code: string
  community_code: string
  area_m2: number
  total: number
  open: number
  overdue: number
  closed: number
  answered: number
  rectification_rate: number | null
  per_km2: number
}
type CommunityStat = Omit<GridStat, 'grid_code'>
type Summary = {
  total: number
  open: number
  overdue: number
  closed: number
  answered: number
  rectification_rate: number | null
  by_category: { category: string; total: number; open: number }[]
}

const OPEN = new Set(['reported', 'assigned', 'rectifying', 'rectified'])

/** Every issue through the paged list (an independent path from the aggregates). */
async function allIssues(query = ''): Promise<Feature<Point, IssueProps>[]> {
  const out: Feature<Point, IssueProps>[] = []
  let cursor: string | null = null
  do {
    const sep = query ? '&' : ''
    const page: { body: FeatureCollection<Point, IssueProps> & { meta: { next_cursor: string | null } } } = await getJson(
      `/api/v1/issues?limit=1000${sep}${query}${cursor ? `&cursor=${cursor}` : ''}`,
    )
    out.push(...page.body.features)
    cursor = page.body.meta.next_cursor
  } while (cursor)
  return out
}

let issues: Feature<Point, IssueProps>[]
let grids: Areas
let communities: Areas

beforeAll(async () => {
  issues = await allIssues()
  grids = (await getJson<Areas>('/api/v1/layers/grids')).body
  communities = (await getJson<Areas>('/api/v1/layers/communities')).body
})

describe('GET /api/v1/stats/grids', () => {
  it('counts per grid what Turf point-in-polygon counts, every grid included', async () => {
    const { status, body } = await getJson<GridStat[]>('/api/v1/stats/grids')
    expect(status).toBe(200)
    expect(body.map((r) => r.grid_code).sort()).toEqual(grids.features.map((f) => f.properties.code).sort())
    const expected = countByArea(issues, grids)
    for (const r of body) expect(r.total, r.grid_code).toBe(expected.get(r.grid_code))
    expect(body.reduce((s, r) => s + r.total, 0)).toBe(issues.length)
  })

  it('splits each grid by status with overdue judged against the clock', async () => {
    const { body } = await getJson<GridStat[]>('/api/v1/stats/grids')
    for (const r of body) {
      const mine = issues.filter((i) => i.properties.grid_code === r.grid_code).map((i) => i.properties)
      const open = mine.filter((p) => OPEN.has(p.status))
      const overdue = open.filter((p) => new Date(p.deadline) < TEST_NOW).length
      const closed = mine.filter((p) => p.status === 'closed').length
      const answered = mine.filter((p) => p.status === 'answered').length
      expect([r.open, r.overdue, r.closed, r.answered]).toEqual([open.length, overdue, closed, answered])
      const due = closed + answered + overdue
      expect(r.rectification_rate).toBe(due ? closed / due : null)
      expect(r.per_km2).toBeCloseTo(r.total / (r.area_m2 / 1e6), 9)
    }
  })

  it('honours category and time-window filters', async () => {
    const from = '2026-06-01'
    const to = '2026-09-01'
    const cats = ['bike_parking', 'street_vending']
    const { body } = await getJson<GridStat[]>(`/api/v1/stats/grids?from=${from}&to=${to}&category=${cats.join(',')}`)
    const lo = new Date(`${from}T00:00:00+08:00`)
    const hi = new Date(`${to}T00:00:00+08:00`)
    const picked = issues.filter((i) => {
      const t = new Date(i.properties.reported_at)
      return cats.includes(i.properties.category) && t >= lo && t < hi
    })
    expect(picked.length).toBeGreaterThan(20)
    const expected = countByArea(picked, grids)
    for (const r of body) expect(r.total, r.grid_code).toBe(expected.get(r.grid_code))
  })

  it('rejects malformed filters with a 400 that names the parameter', async () => {
    for (const [q, name] of [
      ['from=yesterday', 'from'],
      ['status=lost', 'status'],
      ['bbox=1,2,3', 'bbox'],
      ['grid=12', 'grid'],
      ['when=now', 'when'],
    ]) {
      const { status, body } = await getJson<{ error: { code: string; message: string } }>(`/api/v1/stats/grids?${q}`)
      expect(status, q).toBe(400)
      expect(body.error.message, q).toContain(name)
    }
  })
})

describe('GET /api/v1/stats/communities and /summary', () => {
  it('counts per community what Turf counts, and the summary adds up to every issue', async () => {
    const { body } = await getJson<CommunityStat[]>('/api/v1/stats/communities')
    expect(body).toHaveLength(10)
    const expected = countByArea(issues, communities)
    for (const r of body) expect(r.total, r.community_code).toBe(expected.get(r.community_code))
    const sum = await getJson<Summary>('/api/v1/stats/summary')
    expect(sum.body.total).toBe(issues.length)
    expect(sum.body.open).toBe(issues.filter((i) => OPEN.has(i.properties.status)).length)
    expect(sum.body.by_category.reduce((s, c) => s + c.total, 0)).toBe(issues.length)
  })

  it('reproduces the documents’ 98.6% rectification over the issues older than a month', async () => {
    const monthAgo = new Date(TEST_NOW.getTime() - 30 * 86_400_000).toISOString()
    const { body } = await getJson<Summary>(`/api/v1/stats/summary?to=${encodeURIComponent(monthAgo)}`)
    expect(body.total).toBeGreaterThanOrEqual(2000)
    expect(body.rectification_rate).toBeGreaterThan(0.98)
    expect(body.rectification_rate).toBeLessThan(0.992)
  })
})

describe('statistics for a grid manager', () => {
  it('contain only their own grids, and no count from outside leaks into the totals', async () => {
    const { loginCookie } = await import('../../db/testing/app.ts')
    const { DEMO_PASSWORD } = await import('../auth/bootstrap.ts')
    const headers = { cookie: await loginCookie('grid01', DEMO_PASSWORD) }
    const me = (await getJson<{ user: { grids: string[] } }>('/api/v1/auth/me', { headers })).body.user
    const mine = issues.filter((i) => me.grids.includes(i.properties.grid_code))
    expect(mine.length).toBeGreaterThan(0)
    expect(mine.length).toBeLessThan(issues.length)
    const grids = (await getJson<GridStat[]>('/api/v1/stats/grids', { headers })).body
    expect(grids.map((g) => g.grid_code).sort()).toEqual([...me.grids].sort())
    const summary = (await getJson<Summary>('/api/v1/stats/summary', { headers })).body
    expect(summary.total).toBe(mine.length)
    const comms = (await getJson<CommunityStat[]>('/api/v1/stats/communities', { headers })).body
    expect(comms.reduce((s, c) => s + c.total, 0)).toBe(mine.length)
  })
})

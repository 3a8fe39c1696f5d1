import type { FeatureCollection, Point } from 'geojson'
import { describe, expect, it } from 'vitest'
import { getJson } from '../../db/testing/app.ts'

type Page = FeatureCollection<Point, { id: number; reported_at: string; status: string; category: string }> & {
  meta: { count: number; next_cursor: string | null }
}

describe('GET /api/v1/issues', () => {
  it('walks every issue exactly once, newest first, through keyset pages', async () => {
    const ids: number[] = []
    const times: number[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res: { status: number; body: Page } = await getJson(`/api/v1/issues?limit=700${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      expect(res.body.features.length).toBeLessThanOrEqual(700)
      ids.push(...res.body.features.map((f) => f.properties.id))
      times.push(...res.body.features.map((f) => Date.parse(f.properties.reported_at)))
      cursor = res.body.meta.next_cursor
      pages++
    } while (cursor)
    const { body: summary } = await getJson<{ total: number }>('/api/v1/stats/summary')
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.length).toBe(summary.total)
    expect(pages).toBe(Math.ceil(summary.total / 700))
    expect(times.every((t, k) => k === 0 || t <= times[k - 1])).toBe(true)
  })

  it('serves times with the +08:00 offset and WGS84 points inside the street', async () => {
    const { body } = await getJson<Page>('/api/v1/issues?limit=50')
    for (const f of body.features) {
      expect(f.properties.reported_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
      const [lon, lat] = f.geometry.coordinates
      expect(lon).toBeGreaterThan(112.97)
      expect(lon).toBeLessThan(113.0)
      expect(lat).toBeGreaterThan(28.14)
      expect(lat).toBeLessThan(28.19)
    }
  })

  it('filters by status and category list', async () => {
    const { body } = await getJson<Page>('/api/v1/issues?status=reported,assigned&category=bike_parking&category=clutter&limit=5000')
    expect(body.features.length).toBeGreaterThan(0)
    for (const f of body.features) {
      expect(['reported', 'assigned']).toContain(f.properties.status)
      expect(['bike_parking', 'clutter']).toContain(f.properties.category)
    }
  })

  it('rejects a forged cursor, a zero limit and an unknown parameter', async () => {
    for (const q of ['cursor=bm9wZQ', 'limit=0', 'limit=99999', 'sort=asc', 'from=2026-13-01']) {
      const { status, body } = await getJson<{ error: { code: string } }>(`/api/v1/issues?${q}`)
      expect(status, q).toBe(400)
      expect(body.error.code, q).toBe('invalid_parameter')
    }
  })
})

describe('GET /api/v1/issues for a grid manager', () => {
  it('lists only the issues of their own grids', async () => {
    const { loginCookie } = await import('../../db/testing/app.ts')
    const { DEMO_PASSWORD } = await import('../auth/bootstrap.ts')
    const cookie = await loginCookie('grid01', DEMO_PASSWORD)
    const me = (await getJson<{ user: { grids: string[] } }>('/api/v1/auth/me', { headers: { cookie } })).body.user
    const all = (await getJson<Page>('/api/v1/issues?limit=5000')).body.features
    const expected = all.filter((f) => me.grids.includes((f.properties as unknown as { grid_code: string }).grid_code)).map((f) => f.properties.id)
    expect(expected.length).toBeGreaterThan(0)
    const mine = (await getJson<Page>('/api/v1/issues?limit=5000', { headers: { cookie } })).body.features.map((f) => f.properties.id)
    expect(mine.sort()).toEqual(expected.sort())
  })
})

describe('GET /api/v1/issues/:id', () => {
  it('is for staff; a grid manager gets their own grids’ issues and a 404 for any other', async () => {
    const { loginCookie } = await import('../../db/testing/app.ts')
    const { DEMO_PASSWORD } = await import('../auth/bootstrap.ts')
    const gm = await loginCookie('grid01', DEMO_PASSWORD)
    const me = (await getJson<{ user: { grids: string[] } }>('/api/v1/auth/me', { headers: { cookie: gm } })).body.user
    type P = { id: number; grid_code: string }
    const all = (await getJson<Page>('/api/v1/issues?limit=5000')).body.features.map((f) => f.properties as unknown as P)
    const inside = all.find((p) => me.grids.includes(p.grid_code))!
    const outside = all.find((p) => !me.grids.includes(p.grid_code))!
    expect((await getJson(`/api/v1/issues/${inside.id}`)).status).toBe(401)
    expect((await getJson(`/api/v1/issues/${inside.id}`, { headers: { cookie: await loginCookie('screen', DEMO_PASSWORD) } })).status).toBe(403)
    expect((await getJson(`/api/v1/issues/${outside.id}`, { headers: { cookie: await loginCookie('leader', DEMO_PASSWORD) } })).status).toBe(200)
    expect((await getJson(`/api/v1/issues/${inside.id}`, { headers: { cookie: gm } })).status).toBe(200)
    const denied = await getJson<{ error: { code: string } }>(`/api/v1/issues/${outside.id}`, { headers: { cookie: gm } })
    expect(denied.status).toBe(404)
    expect(denied.body.error.code).toBe('not_found')
  })

  it("narrows to one group with group= (a group leader's 本组待办), agreeing with the whole list read in full", async () => {
    const all = await getJson<Page>('/api/v1/issues?limit=5000&status=assigned,rectifying,rectified')
    const want = all.body.features.filter((f) => (f.properties as { group_code?: string }).group_code === 'G01').map((f) => f.properties.id)
    expect(want.length).toBeGreaterThan(0)
    const one = await getJson<Page>('/api/v1/issues?limit=5000&status=assigned,rectifying,rectified&group=G01')
    expect(one.status).toBe(200)
    expect(one.body.features.map((f) => f.properties.id)).toEqual(want)
    expect((await getJson('/api/v1/issues?group=G0%271')).status).toBe(400)
  })

  it('keeps only the overdue cases with overdue=true and the rest with overdue=false, paged like the whole list', async () => {
    const all = await getJson<Page>('/api/v1/issues?limit=5000')
    const flagged = (want: boolean) =>
      all.body.features.filter((f) => Boolean((f.properties as { overdue?: boolean }).overdue) === want).map((f) => f.properties.id)
    expect(flagged(true).length).toBeGreaterThan(0)
    // Walk overdue=true in pages of 7: the pages join up to exactly the flagged cases, in the list's order.
    const seen: number[] = []
    let cursor: string | null = null
    do {
      const page: { status: number; body: Page & { meta: { next_cursor: string | null } } } = await getJson(
        `/api/v1/issues?overdue=true&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
      expect(page.status).toBe(200)
      seen.push(...page.body.features.map((f) => f.properties.id))
      cursor = page.body.meta.next_cursor
    } while (cursor)
    expect(seen).toEqual(flagged(true))
    const rest = await getJson<Page>('/api/v1/issues?overdue=false&limit=5000')
    expect(rest.body.features.map((f) => f.properties.id)).toEqual(flagged(false))
    expect((await getJson('/api/v1/issues?overdue=yes')).status).toBe(400)
  })
})

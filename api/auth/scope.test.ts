import { describe, expect, it } from 'vitest'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, report, step } from '../issues/test-helpers.ts'
import { busFor } from '../stream/bus.ts'
import { openStream } from '../stream/test-reader.ts'
import { DEMO_PASSWORD } from './bootstrap.ts'

// pointInside(0) lies in grid01's patch, pointInside(2) outside it.
const IN = 0
const OUT = 2

describe('the live stream by reader', () => {
  it('anonymous and wall-display readers get issue messages without who acted or notes; staff get both', async () => {
    const anon = await openStream({}, 'heartbeat_ms=60000')
    const kiosk = await openStream({ cookie: await cookieOf('screen') }, 'heartbeat_ms=60000')
    const staff = await openStream({ cookie: await cookieOf('leader') }, 'heartbeat_ms=60000')
    const id = (await report()).body.id
    await step(id, { action: 'assign', note: '交办：联系住户 13800000000' })
    for (const s of [anon, kiosk]) {
      const f = await s.next((x) => x.event === 'issue' && x.data?.issue_id === id && x.data?.action === 'assign')
      expect(f.data).not.toHaveProperty('actor')
      expect(f.data).not.toHaveProperty('note')
      expect(JSON.stringify(f.data)).not.toContain('13800000000')
      expect(f.data).toMatchObject({ status: 'assigned', grid_code: expect.any(String) })
    }
    const f = await staff.next((x) => x.event === 'issue' && x.data?.issue_id === id && x.data?.action === 'assign')
    expect(f.data).toMatchObject({ actor: 'leader', note: '交办：联系住户 13800000000' })
    await Promise.all([anon.close(), kiosk.close(), staff.close()])
  })

  it("a grid manager's stream carries only their grids' issues and no street-wide KPIs, live and on replay", async () => {
    const gm = await cookieOf('grid01')
    const me = (await (await (await testApp()).request('/api/v1/auth/me', { headers: { cookie: gm } })).json()) as { user: { grids: string[] } }
    const mark = (await report()).body.properties.events[0].id as number
    const s = await openStream({ cookie: gm }, 'heartbeat_ms=60000')
    const db = await testDb()
    // The street-wide KPI push that follows these changes must not reach the grid manager: wait for
    // it on the bus, then for an issue of their own grid reported after it.
    const kpiPushed = new Promise<void>((resolve) => {
      const off = busFor(db).subscribe((m) => m.event === 'kpi' && (off(), resolve()))
    })
    const out = (await report({}, OUT)).body.id
    const inside = (await report({}, IN)).body.id
    await step(out, { action: 'assign' })
    await step(inside, { action: 'assign' })
    await kpiPushed
    const marker = (await report({}, IN)).body.id
    const got = await s.upTo((f) => f.event === 'issue' && f.data?.issue_id === marker)
    const issues = got.filter((f) => f.event === 'issue' && f.data!.issue_id !== marker)
    expect(issues.map((f) => [f.data!.issue_id, f.data!.action])).toEqual([
      [inside, 'report'],
      [inside, 'assign'],
    ])
    expect(issues.every((f) => me.user.grids.includes(f.data!.grid_code as string))).toBe(true)
    expect(got.filter((f) => f.event === 'kpi')).toEqual([])
    await s.close()
    // A reconnect after `mark` replays the same events (and the marker) and nothing of the other grid.
    const want = await db.query<{ id: number }>(
      'SELECT e.id FROM issue_events e JOIN issues i ON i.id = e.issue_id AND i.street_id = e.street_id WHERE e.id > $1 AND i.grid_code = ANY ($2) ORDER BY e.id',
      [mark, me.user.grids],
    )
    const again = await openStream({ cookie: gm, 'Last-Event-ID': String(mark) }, 'heartbeat_ms=60000')
    const last = Number(want.at(-1)!.id)
    const replayed = (await again.upTo((f) => f.id === last)).filter((f) => f.event === 'issue')
    expect(replayed.map((f) => f.id)).toEqual(want.map((r) => Number(r.id)))
    expect(replayed.map((f) => f.data!.issue_id)).not.toContain(out)
    await again.close()
  })
})

describe('indicators and analysis by reader', () => {
  it("a grid manager's indicators are computed over their grids only (checked by a plain count)", async () => {
    const app = await testApp()
    const gm = await cookieOf('grid01')
    const get = async (q: string, cookie: string) =>
      (await (await app.request(`/api/v1/indicators?${q}`, { headers: { cookie } })).json()) as {
        rows: { key: string; total: number; overdue: number; closed: number }[]
      }
    const db = await testDb()
    const [want] = await db.query<{ total: number; overdue: number; closed: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('reported','assigned','rectifying','rectified') AND deadline < $2)::int AS overdue,
              count(*) FILTER (WHERE status = 'closed')::int AS closed
       FROM issues i WHERE merged_into IS NULL AND grid_code IN (SELECT grid_code FROM user_grids WHERE username = $1)`,
      ['grid01', TEST_NOW],
    )
    const street = (await get('by=street', gm)).rows[0]
    expect({ total: street.total, overdue: street.overdue, closed: street.closed }).toEqual(want)
    const all = (await get('by=street', await cookieOf('leader'))).rows[0]
    expect(all.total).toBeGreaterThan(want.total)
    const grids = (await get('by=grid', gm)).rows
    const mine = await db.query<{ grid_code: string }>("SELECT grid_code FROM user_grids WHERE username = 'grid01' ORDER BY grid_code")
    expect(grids.map((r) => r.key)).toEqual(mine.map((r) => r.grid_code))
    expect(grids.reduce((n, r) => n + r.total, 0)).toBe(want.total)
  })

  it('the analysis tools answer 403 to grid managers (audited) and serve leaders', async () => {
    const app = await testApp()
    const gm = await cookieOf('grid01')
    const leader = await cookieOf('leader')
    const db = await testDb()
    const [{ n: before }] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'permission_denied' AND actor = 'grid01'",
    )
    for (const path of ['bins', 'hotspots', 'recurring', 'bike-coverage']) {
      const denied = await app.request(`/api/v1/analysis/${path}`, { headers: { cookie: gm } })
      expect(denied.status, path).toBe(403)
      expect(((await denied.json()) as { error: { code: string } }).error.code).toBe('forbidden')
      expect((await app.request(`/api/v1/analysis/${path}`, { headers: { cookie: leader } })).status, path).toBe(200)
    }
    const [{ n: after }] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'permission_denied' AND actor = 'grid01'",
    )
    expect(after).toBe(before + 4)
  })
})

describe('PUBLIC_READS', () => {
  const READS = [
    '/api/v1/layers/boundary',
    '/api/v1/layers/points',
    '/api/v1/issues',
    '/api/v1/stats/summary',
    '/api/v1/indicators',
    '/api/v1/analysis/hotspots',
  ]

  it('true (the default): the public figures answer anonymously, without personal fields', async () => {
    const app = await testApp()
    for (const p of READS) expect((await app.request(p)).status, p).toBe(200)
    const list = (await (await app.request('/api/v1/issues?limit=200')).json()) as { features: { properties: Record<string, unknown> }[] }
    expect(list.features.length).toBeGreaterThan(0)
    const keys = new Set(list.features.flatMap((f) => Object.keys(f.properties)))
    for (const personal of ['reporter', 'actor', 'events', 'photos', 'contact_name', 'contact_phone'])
      expect(keys.has(personal), personal).toBe(false)
    const points = (await (await app.request('/api/v1/layers/points')).json()) as { features: { properties: Record<string, unknown> }[] }
    expect(points.features.some((f) => 'contact_phone' in f.properties)).toBe(false)
  })

  it('false: everything but /health and login needs a user or token (401), the wall display signs in', async () => {
    const app = await testApp({ PUBLIC_READS: 'false' })
    for (const p of [...READS, '/api/v1/stream', '/api/v1/stats/grids']) {
      const r = await app.request(p)
      expect(r.status, p).toBe(401)
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
    }
    expect((await app.request('/api/v1/health')).status).toBe(200)
    const screen = await loginCookie('screen', DEMO_PASSWORD)
    for (const p of READS.filter((p) => !p.includes('analysis'))) expect((await app.request(p, { headers: { cookie: screen } })).status, p).toBe(200)
    // a machine token works the same way
    const admin = await cookieOf('admin')
    const issued = await app.request('/api/v1/auth/tokens', {
      method: 'POST',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'wall-2', role: 'kiosk' }),
    })
    const { token } = (await issued.json()) as { token: string }
    expect((await app.request('/api/v1/stats/summary', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
  })

  it('refuses a value other than true or false at start-up, naming the variable', async () => {
    await expect(testApp({ PUBLIC_READS: 'yes' })).rejects.toThrow(/PUBLIC_READS/)
  })
})

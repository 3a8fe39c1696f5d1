/**
 * A district of streets on a database of its own (two synthetic neighbours, no 东塘): the street
 * axis of the permission matrix — a street's account never sees the other street, whatever it asks,
 * and a district account reads both but writes only at home — and the district ranking, checked
 * against /indicators street by street and against the issues counted in SQL.
 */
import * as turf from '@turf/turf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../app.ts'
import { DEMO_PASSWORD, DISTRICT_DEMO, ensureAccounts } from '../auth/bootstrap.ts'
import { POLICY } from '../auth/policy.ts'
import { loadConfig } from '../config.ts'
import { NEIGHBOURS, neighbour } from '../../fixtures/district/index.ts'
import { laxer } from '../../fixtures/district/laxity.ts'
import { generateIssues } from '../../fixtures/generate-issues.ts'
import type { Db } from '../../db/adapter.ts'
import { seedStreet } from '../../db/seed/index.ts'
import { TEST_ADMIN_PASSWORD, TEST_NOW, TEST_PASSWORD_COST } from '../../db/testing/constants.ts'
import { privateDb } from '../../db/testing/private.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any -- response bodies are read loosely

let db: Db
let drop: () => Promise<void>
let app: ReturnType<typeof buildApp>
const [A, B] = [NEIGHBOURS[0], NEIGHBOURS[2]] // a tight street and a loose one
const data = [neighbour(A, 1), neighbour(B, 2)]
const cookies = new Map<string, string>()

async function call(path: string, who = '', init: { method?: string; json?: unknown; cookie?: string } = {}) {
  const headers: Record<string, string> = {}
  const cookie = [who ? await session(who) : '', init.cookie ?? ''].filter(Boolean).join('; ')
  if (cookie) headers.cookie = cookie
  if (init.json !== undefined) headers['content-type'] = 'application/json'
  const res = await app.request(`/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  })
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('event-stream')) {
    await res.body?.cancel()
    return { status: res.status, body: null as Json | null, res }
  }
  return { status: res.status, body: (type.includes('json') ? await res.json() : (await res.arrayBuffer(), null)) as Json | null, res }
}

/** `user@code`: a session of that street's account. */
async function session(who: string): Promise<string> {
  let c = cookies.get(who)
  if (c) return c
  const [username, street] = who.split('@')
  const password = username === 'admin' ? TEST_ADMIN_PASSWORD : DEMO_PASSWORD
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, street }),
  })
  expect(res.status, `login ${who}`).toBe(200)
  c = res.headers.get('set-cookie')!.split(';')[0]
  cookies.set(who, c)
  return c
}

const issuesOf = async (code: string) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues i JOIN streets s ON s.id = i.street_id WHERE s.code = $1', [code]))[0].n

beforeAll(async () => {
  ;({ db, drop } = await privateDb())
  for (const [k, d] of data.entries()) {
    const n = NEIGHBOURS.find((x) => x.code === d.street.code)!
    await seedStreet(db, d, laxer(generateIssues(d, { count: 400, seed: 7 + k, now: TEST_NOW, days: 120 }), n.laxity * 3, 11 + k))
  }
  await ensureAccounts(db, { adminPassword: TEST_ADMIN_PASSWORD, log: () => {}, passwordCost: TEST_PASSWORD_COST })
  app = buildApp({ db, config: { ...loadConfig({ SEED: 'none' }), passwordCost: TEST_PASSWORD_COST }, now: () => TEST_NOW })
})

afterAll(async () => drop?.())

describe('GET /streets', () => {
  it('lists every street with its area for public readers, only its own to a street account', async () => {
    const all = await call('/streets')
    expect(all.status).toBe(200)
    expect(all.body!.map((s: Json) => s.code)).toEqual([A.code, B.code])
    for (const [k, s] of (all.body as Json[]).entries()) {
      expect(s.synthetic).toBe(true)
      expect(Math.abs(s.area_m2 - turf.area(data[k].street.boundary)) / s.area_m2).toBeLessThan(0.005)
    }
    // two streets and no choice yet: an anonymous reader's requests name none
    expect(all.body!.some((s: Json) => s.current)).toBe(false)
    const mine = await call('/streets', `leader@${B.code}`)
    expect(mine.body!.map((s: Json) => [s.code, s.current])).toEqual([[B.code, true]])
    const wide = await call('/streets', `${DISTRICT_DEMO.username}@${A.code}`)
    expect(wide.body!.map((s: Json) => s.code)).toEqual([A.code, B.code])
  })
})

describe('the street axis', () => {
  it('an anonymous reader names the street (?street=, or the switcher cookie); with two streets and neither, 400 street_required', async () => {
    expect((await call('/stats/summary')).body!.error.code).toBe('street_required')
    expect((await call(`/stats/summary?street=${B.code}`)).body!.total).toBe(await issuesOf(B.code))
    expect((await call('/stats/summary', '', { cookie: `cgm_street=${B.code}` })).body!.total).toBe(await issuesOf(B.code))
  })

  it("a street's account gets its own street without naming it, and never the other one", async () => {
    const leaderA = `leader@${A.code}`
    expect((await call('/stats/summary', leaderA)).body!.total).toBe(await issuesOf(A.code))
    // the switcher's cookie does not move an account to another street
    expect((await call('/stats/summary', leaderA, { cookie: `cgm_street=${B.code}` })).body!.total).toBe(await issuesOf(A.code))
    const refused = await call(`/stats/summary?street=${B.code}`, leaderA)
    expect(refused.status).toBe(403)
    expect(refused.body!.error.code).toBe('other_street')
    const [entry] = await db.query<{ detail: Json }>(
      `SELECT detail FROM audit_log WHERE street_id = 1 AND action = 'permission_denied' AND detail->>'code' = 'other_street' ORDER BY id DESC LIMIT 1`,
    )
    expect(entry.detail.role).toBe('leader')
  })

  // Every GET route the policy lists (except the district's own, the list and login): asked about
  // the other street by each kind of street account, it is refused or does not take a street at all
  // (then it answers about the caller's own street); the district account reads it.
  const reads = POLICY.filter((r) => r.method === 'GET' && !r.path.includes(':') && !/^\/(district|streets|health|auth)/.test(r.path))
  const takesStreet: string[] = []
  const HOME_ONLY = /^\/(admin|audit|campaigns|contacts)(\/|$)/

  it("the account's own records stay its street's even when another street is named", async () => {
    const users = await call(`/admin/users?street=${B.code}`, `admin@${A.code}`)
    expect(users.status).toBe(200)
    const mine = await db.query<{ username: string }>('SELECT username FROM users WHERE street_id = 1 ORDER BY username')
    expect(users.body!.users.map((u: Json) => u.username).sort()).toEqual(mine.map((u) => u.username))
  })
  it.each(['admin', 'leader', 'inspector', 'group01', 'grid01', 'screen'])('as %s of street A, every read about street B is refused', async (who) => {
    for (const r of reads) {
      const got = await call(`${r.path}?street=${B.code}`, `${who}@${A.code}`)
      const what = `${r.key} as ${who}`
      // the account's own records (admin pages, audit, campaigns, contacts) take no street: always the home street's
      if (HOME_ONLY.test(r.path)) continue
      if (got.status === 400) {
        expect(got.body!.error.message, what).toMatch(/street/)
        continue
      }
      expect(got.status, `${what} → ${got.status} ${JSON.stringify(got.body?.error)}`).toBe(403)
      if (got.body!.error.code === 'other_street') takesStreet.push(r.key)
    }
  })

  it('the district account reads every one of those routes in the other street', async () => {
    const keys = [...new Set(takesStreet)]
    for (const key of ['GET /issues', 'GET /stats/summary', 'GET /layers/points', 'GET /layers/grids', 'GET /indicators', 'GET /stream']) {
      expect(keys, key).toContain(key)
    }
    // the district account is a leader: routes a leader may not read at all (admin-only settings) are not its to read
    const leaderMay = (key: string) => !['401', '403'].includes(POLICY.find((r) => r.key === key)?.outcomes.leader ?? '403')
    for (const key of keys.filter(leaderMay)) {
      const got = await call(`${key.split(' ')[1]}?street=${B.code}`, `${DISTRICT_DEMO.username}@${A.code}`)
      expect(got.body?.error?.code, key).not.toBe('other_street')
      expect(got.status, `${key} → ${got.status} ${JSON.stringify(got.body?.error)}`).not.toBe(403)
    }
    const grids = await call(`/layers/grids?street=${B.code}`, `${DISTRICT_DEMO.username}@${A.code}`)
    expect(grids.body!.features.map((f: Json) => f.properties.code).sort()).toEqual(data[1].grids.map((g) => g.code).sort())
    const issues = await call(`/issues?street=${B.code}&limit=50`, `${DISTRICT_DEMO.username}@${A.code}`)
    expect(issues.body!.features.length).toBeGreaterThan(0)
    for (const f of issues.body!.features) expect(f.properties.grid_code.startsWith(B.code)).toBe(true)
  })

  it("an issue of street B by its id: not found for street A's accounts, refused when B is named", async () => {
    const [{ id }] = await db.query<{ id: number }>('SELECT min(id)::int AS id FROM issues WHERE street_id = 2')
    expect((await call(`/issues/${id}`, `leader@${A.code}`)).status).toBe(404)
    expect((await call(`/issues/${id}?street=${B.code}`, `leader@${A.code}`)).status).toBe(403)
    expect((await call(`/issues/${id}`, `leader@${B.code}`)).status).toBe(200)
    expect((await call(`/issues/${id}?street=${B.code}`, `${DISTRICT_DEMO.username}@${A.code}`)).status).toBe(200)
  })

  it('a district account writes only in its home street', async () => {
    const [lon, lat] = turf.pointOnFeature(data[1].grids[0].geom).geometry.coordinates
    const report = { lon, lat, category: 'clutter', description: '区级账号不能在其他街道上报', street: B.code }
    const other = await call('/issues', `${DISTRICT_DEMO.username}@${A.code}`, { method: 'POST', json: report })
    expect(other.status).toBe(403)
    expect(other.body!.error.code).toBe('other_street')
    const before = await issuesOf(B.code)
    expect(await issuesOf(B.code)).toBe(before)
  })

  it('the switcher: a district account is remembered on the account; a street account may not switch away', async () => {
    const d = `${DISTRICT_DEMO.username}@${A.code}`
    expect((await call('/streets/current', d, { method: 'PUT', json: { street: B.code } })).status).toBe(200)
    expect((await call('/stats/summary', d)).body!.total).toBe(await issuesOf(B.code))
    expect((await call('/streets', d)).body!.find((s: Json) => s.current).code).toBe(B.code)
    const [row] = await db.query<{ street_choice: number }>('SELECT street_choice FROM users WHERE street_id = 1 AND username = $1', [
      DISTRICT_DEMO.username,
    ])
    expect(row.street_choice).toBe(2)
    expect((await call('/streets/current', d, { method: 'PUT', json: { street: A.code } })).status).toBe(200)
    expect((await call('/stats/summary', d)).body!.total).toBe(await issuesOf(A.code))
    const refused = await call('/streets/current', `leader@${A.code}`, { method: 'PUT', json: { street: B.code } })
    expect(refused.status).toBe(403)
    const anon = await call('/streets/current', '', { method: 'PUT', json: { street: B.code } })
    expect(anon.res.headers.get('set-cookie')).toMatch(new RegExp(`cgm_street=${B.code}`))
  })

  it('the read cache gives each reader the street they see: wall displays with different switcher cookies, district accounts with different choices', async () => {
    // Two anonymous walls, one after the other, with nothing written between: the second must not get the first's answer.
    const named = async (code: string) => (await call(`/stats/summary?street=${code}`)).body
    const gridsOf = (code: string) =>
      data
        .find((d) => d.street.code === code)!
        .grids.map((g) => g.code)
        .sort()
    expect(await named(A.code)).not.toEqual(await named(B.code))
    expect(gridsOf(A.code)).not.toEqual(gridsOf(B.code))
    for (const [first, second] of [
      [B, A],
      [A, B],
    ]) {
      for (const s of [first, second]) {
        expect((await call('/stats/summary', '', { cookie: `cgm_street=${s.code}` })).body).toEqual(await named(s.code))
        const layer = (await call('/layers/grids', '', { cookie: `cgm_street=${s.code}` })).body!
        expect(layer.features.map((f: Json) => f.properties.code).sort()).toEqual(gridsOf(s.code))
      }
    }
    // A second district account of the same street and role, whose choice is the other street.
    const d1 = DISTRICT_DEMO.username
    const d2 = `${d1}2`
    await db.query(`CREATE TEMP TABLE district_copy AS SELECT * FROM users WHERE street_id = 1 AND username = $1`, [d1])
    await db.query(`UPDATE district_copy SET username = $1`, [d2])
    await db.query(`INSERT INTO users SELECT * FROM district_copy`)
    await db.query(`DROP TABLE district_copy`)
    expect((await call('/streets/current', `${d1}@${A.code}`, { method: 'PUT', json: { street: A.code } })).status).toBe(200)
    expect((await call('/streets/current', `${d2}@${A.code}`, { method: 'PUT', json: { street: B.code } })).status).toBe(200)
    for (let round = 0; round < 2; round++) {
      expect((await call('/stats/summary', `${d1}@${A.code}`)).body).toEqual(await named(A.code))
      expect((await call('/stats/summary', `${d2}@${A.code}`)).body).toEqual(await named(B.code))
    }
  })
})

describe('GET /district', () => {
  const window = 'from=2026-08-01&to=2026-11-20'

  it('is for public readers and district accounts; a street account is refused', async () => {
    expect((await call('/district')).status).toBe(200)
    expect((await call('/district', `${DISTRICT_DEMO.username}@${A.code}`)).status).toBe(200)
    expect((await call('/district', `leader@${A.code}`)).status).toBe(403)
    expect((await call('/district/boundaries', `leader@${B.code}`)).status).toBe(403)
    const map = await call('/district/boundaries')
    expect(map.body!.features.map((f: Json) => f.properties.code)).toEqual([A.code, B.code])
  })

  it("each street's column is what /indicators says for that street and window; problems per km² from the issues", async () => {
    const got = await call(`/district?${window}`)
    expect(got.status).toBe(200)
    expect(got.body!.streets).toHaveLength(2)
    for (const s of got.body!.streets as Json[]) {
      const [one] = (await call(`/indicators?street=${s.code}&${window}`)).body!.rows
      for (const k of ['total', 'overdue', 'closed', 'rectification_rate', 'on_time_rate', 'callback_satisfaction_rate', 'rework_rate']) {
        expect(s[k], `${s.code} ${k}`).toEqual(one[k])
      }
      const [{ n, km2 }] = await db.query<{ n: number; km2: number }>(
        `SELECT count(*)::int AS n, (SELECT area_m2 / 1e6 FROM streets WHERE code = $1) AS km2 FROM issues i
         WHERE i.street_id = (SELECT id FROM streets WHERE code = $1) AND i.merged_into IS NULL
           AND i.reported_at >= '2026-08-01T00:00:00+08:00' AND i.reported_at < '2026-11-20T00:00:00+08:00'`,
        [s.code],
      )
      expect(s.total).toBe(n)
      expect(s.per_km2).toBeCloseTo(n / km2, 1)
    }
  })

  it('ranks by the indicator asked for: the looser street ranks below on 整改率, fewer problems per km² first', async () => {
    const by = async (k: string) => (await call(`/district?${window}&by=${k}`)).body!.streets as Json[]
    const rect = await by('rectification_rate')
    expect(rect.map((s) => s.rank)).toEqual([1, 2])
    expect(rect[0].rectification_rate).toBeGreaterThan(rect[1].rectification_rate)
    expect(rect[0].code).toBe(A.code)
    const dense = await by('per_km2')
    expect(dense[0].per_km2).toBeLessThanOrEqual(dense[1].per_km2)
  })
})

describe('district API tokens (a district wall display)', () => {
  const bearer = async (path: string, token: string, a = app) =>
    (await a.request(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } })).status

  it('are issued by a district account only, read every street as a district kiosk, write nowhere, and stop when revoked', async () => {
    const issued = await call('/district/tokens', `${DISTRICT_DEMO.username}@${A.code}`, { method: 'POST', json: { name: '区创建办大屏' } })
    expect(issued.status, JSON.stringify(issued.body)).toBe(201)
    expect(issued.body).toMatchObject({ role: 'kiosk', district: true })
    const token = issued.body!.token as string
    // street accounts may not issue one, not even the street's admin
    for (const who of [`leader@${A.code}`, `admin@${A.code}`, `screen@${B.code}`]) {
      const r = await call('/district/tokens', who, { method: 'POST', json: { name: 'x' } })
      expect(r.status, who).toBe(403)
    }
    // with public reads off, the district view needs a district identity: the token is one, a street's kiosk token is not
    const closed = buildApp({
      db,
      config: { ...loadConfig({ SEED: 'none', PUBLIC_READS: 'false' }), passwordCost: TEST_PASSWORD_COST },
      now: () => TEST_NOW,
    })
    expect(await bearer('/district', token, closed)).toBe(200)
    expect((await closed.request('/api/v1/district')).status).toBe(401)
    const street = await call('/auth/tokens', `admin@${A.code}`, { method: 'POST', json: { name: '街道大屏', role: 'kiosk' } })
    expect(street.status).toBe(201)
    expect(await bearer('/district', street.body!.token as string, closed)).toBe(403)
    // it reads the other street's layers too, and writes nothing (a kiosk)
    const other = await closed.request(`/api/v1/indicators?street=${B.code}`, { headers: { authorization: `Bearer ${token}` } })
    expect(other.status).toBe(200)
    const write = await closed.request('/api/v1/issues', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lon: 112.98, lat: 28.19, category: 'clutter', description: '令牌不可写' }),
    })
    expect(write.status).toBe(403)
    // a token cannot issue tokens
    const chained = await closed.request('/api/v1/district/tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'y' }),
    })
    expect(chained.status).toBe(403)
    // revoked by the district account: refused from then on
    const gone = await call(`/district/tokens/${issued.body!.id}`, `${DISTRICT_DEMO.username}@${A.code}`, { method: 'DELETE' })
    expect(gone.status).toBe(200)
    expect(await bearer('/district', token, closed)).toBe(401)
    // a street token is not a district token: the district route will not revoke it
    expect((await call(`/district/tokens/${street.body!.id}`, `${DISTRICT_DEMO.username}@${A.code}`, { method: 'DELETE' })).status).toBe(404)
  })
})

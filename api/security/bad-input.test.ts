import { beforeAll, describe, expect, it } from 'vitest'
import { tableDigests } from '../../db/backup/digest.ts'
import { loginCookie, testApp } from '../../db/testing/app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { testDb } from '../../db/testing/db.ts'

type App = Awaited<ReturnType<typeof testApp>>
let app: App
let inspector: string

const INJECTIONS = ["' OR '1'='1", '1; DROP TABLE issues; --', "x') UNION SELECT password_hash FROM users --", '$1', '%00', '\u202Eevil']
const GET_PATHS = ['/api/v1/issues', '/api/v1/stats/grids', '/api/v1/stats/communities', '/api/v1/stats/summary']
const FILTERS = ['street', 'from', 'to', 'category', 'status', 'community', 'grid', 'bbox']

async function expectError(res: Response, statuses: number[], what: string) {
  expect(statuses, `${what} → ${res.status}`).toContain(res.status)
  const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } }
  expect(typeof body.error?.code, what).toBe('string')
  expect(typeof body.error?.message, what).toBe('string')
  expect(String(body.error?.message), what).not.toMatch(/syntax error|relation|column|stack|at .*\.ts/i)
}

// Writes go as a signed-in inspector (logged in before any digest is taken), so each case reaches validation.
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', headers: { 'content-type': 'application/json', cookie: inspector, ...headers }, body })

beforeAll(async () => {
  app = await testApp()
  inspector = await loginCookie('inspector', DEMO_PASSWORD)
})

describe('bad input changes nothing and gets a clear 4xx', () => {
  it('rejects injection strings and nonsense in every shared filter of every list and stats endpoint', async () => {
    const db = await testDb()
    const before = await tableDigests(db)
    for (const path of GET_PATHS) {
      for (const f of FILTERS) {
        for (const v of INJECTIONS) {
          await expectError(await app.request(`${path}?${f}=${encodeURIComponent(v)}`), [400, 404], `${path}?${f}=${v}`)
        }
      }
      for (const q of [
        'bbox=NaN,1,2,3',
        'bbox=1e999,0,1,1',
        'bbox=-200,0,1,1',
        'from=2026-02-30',
        'to=99999-01-01',
        'limit=NaN',
        'limit=Infinity',
        'limit=-1',
      ]) {
        if (q.startsWith('limit') && path !== '/api/v1/issues') continue
        await expectError(await app.request(`${path}?${q}`), [400], `${path}?${q}`)
      }
    }
    expect(await tableDigests(db)).toEqual(before)
  })

  it('rejects malformed, oversized and out-of-range reports without writing anything', async () => {
    const db = await testDb()
    const before = await tableDigests(db)
    const ok = { lon: 112.9855, lat: 28.1635, category: 'clutter', description: '楼道堆放杂物' }
    const cases: [string, string, number[]][] = [
      ['truncated JSON', '{"lon": 112.98,', [400]],
      ['not an object', '[1,2,3]', [400]],
      ['NaN as a string', JSON.stringify({ ...ok, lon: 'NaN' }), [400]],
      ['latitude 91', JSON.stringify({ ...ok, lat: 91 }), [400]],
      ['longitude 1e400', '{"lon": 1e400, "lat": 28.16, "category": "clutter", "description": "x"}', [400]],
      ['outside the street', JSON.stringify({ ...ok, lon: 116.39, lat: 39.9 }), [422]],
      ['unknown category', JSON.stringify({ ...ok, category: 'teleport' }), [422, 400]],
      ['category injection', JSON.stringify({ ...ok, category: "clutter' OR '1'='1" }), [400, 422]],
      ['empty description', JSON.stringify({ ...ok, description: '   ' }), [400]],
      ['NUL in description', JSON.stringify({ ...ok, description: 'a\u0000b' }), [400]],
      ['description of 100,000 characters', JSON.stringify({ ...ok, description: '垃'.repeat(100_000) }), [400]],
      ['unknown field', JSON.stringify({ ...ok, is_admin: true }), [400]],
      ['bad crs', JSON.stringify({ ...ok, crs: 'mars2000' }), [400]],
      ['body over 1 MiB', JSON.stringify({ ...ok, description: 'x'.repeat(1_200_000) }), [413]],
    ]
    for (const [what, body, statuses] of cases) await expectError(await post('/api/v1/issues', body), statuses, what)
    expect(await tableDigests(db)).toEqual(before)
  })

  it('keeps odd but valid Unicode intact', async () => {
    const text = '井盖破损 🚧 ‮RTL‬ zero​width 𠀀'
    const res = await post('/api/v1/issues', JSON.stringify({ lon: 112.9855, lat: 28.1635, category: 'manhole', description: text }))
    expect(res.status).toBe(201)
    const { properties } = (await res.json()) as { properties: { id: number } }
    const staff = { cookie: await loginCookie('leader', DEMO_PASSWORD) }
    const got = (await (await app.request(`/api/v1/issues/${properties.id}`, { headers: staff })).json()) as { properties: { description: string } }
    expect(got.properties.description).toBe(text)
    const db = await testDb()
    await db.query('DELETE FROM issue_events WHERE street_id = 1 AND issue_id = $1', [properties.id])
    await db.query('DELETE FROM issues WHERE street_id = 1 AND id = $1', [properties.id])
  })

  it('rejects malformed transitions and photo uploads of signed-in users without writing anything', async () => {
    const db = await testDb()
    const [{ id }] = await db.query<{ id: number }>("SELECT id FROM issues WHERE status = 'reported' ORDER BY id LIMIT 1")
    const leader = await loginCookie('leader', DEMO_PASSWORD)
    const before = await tableDigests(db)
    const path = `/api/v1/issues/${id}/transitions`
    const cases: [string, string, number[]][] = [
      ['unknown action', JSON.stringify({ action: 'teleport' }), [400]],
      ['action injection', JSON.stringify({ action: "assign' OR '1'='1" }), [400]],
      ['actor in the body', JSON.stringify({ action: 'assign', actor: '冒名' }), [400]],
      ['version NaN', '{"action": "assign", "version": NaN}', [400]],
      ['version as a string', JSON.stringify({ action: 'assign', version: '1' }), [400]],
      ['note of 100,000 characters', JSON.stringify({ action: 'assign', note: '改'.repeat(100_000) }), [400]],
      ['photos not ids', JSON.stringify({ action: 'assign', photos: ['1; DROP TABLE issue_photos'] }), [400]],
      ['merge onto itself', JSON.stringify({ action: 'merge', target_id: id }), [422]],
      ['truncated JSON', '{"action": "ass', [400]],
    ]
    for (const [what, body, statuses] of cases) await expectError(await post(path, body, { cookie: leader }), statuses, what)
    await expectError(
      await post(`/api/v1/issues/1e999/transitions`, JSON.stringify({ action: 'assign' }), { cookie: leader }),
      [400, 404],
      'id 1e999',
    )
    const photo = (bytes: Uint8Array) => app.request('/api/v1/photos', { method: 'POST', headers: { cookie: leader }, body: new Uint8Array(bytes) })
    await expectError(await photo(new TextEncoder().encode('<svg onload=alert(1)>')), [422], 'svg upload')
    await expectError(await photo(new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 0])), [422], 'JPEG with a segment longer than the file')
    expect(await tableDigests(db)).toEqual(before)
  })

  it('answers login injection attempts with a plain 401 or 400', async () => {
    for (const u of INJECTIONS) {
      await expectError(await post('/api/v1/auth/login', JSON.stringify({ username: u, password: u })), [400, 401], `login ${u}`)
    }
  })
})

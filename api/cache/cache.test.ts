/**
 * The read cache never serves a number from before a write: every read that starts after a write
 * answered sees it, whether the write came through the API, through SQL on the same database, or
 * (server) from another connection; ETags give 304s while the answer stands.
 */
import pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../app.ts'
import { testApp } from '../../db/testing/app.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testDb } from '../../db/testing/db.ts'
import { squareAt } from '../../db/testing/geo.ts'
import { cookieOf, pointInside } from '../issues/test-helpers.ts'
import { cacheFor } from './store.ts'

type App = Awaited<ReturnType<typeof testApp>>
type Summary = { total: number; by_category: { category: string; total: number }[] }

/** A one-second window of reported_at no other test writes into: inside November 2026, before TEST_NOW. */
function window(): { at: Date; query: string } {
  const at = new Date(Date.UTC(2026, 10, 2) + Math.floor(Math.random() * 16 * 86_400) * 1000)
  const to = new Date(at.getTime() + 1000)
  return { at, query: `from=${encodeURIComponent(at.toISOString())}&to=${encodeURIComponent(to.toISOString())}` }
}

/** Issues reported in [at, at + 1 s), counted in SQL (not through the cache). */
async function countInSql(at: Date): Promise<number> {
  const db = await testDb()
  const [{ n }] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM issues WHERE reported_at >= $1 AND reported_at < $1::timestamptz + interval '1 second'",
    [at],
  )
  return n
}

let leader: string
let inspector: string
let lonLat: [number, number]
beforeAll(async () => {
  leader = await cookieOf('leader')
  inspector = await cookieOf('inspector')
  lonLat = (await pointInside(4)) as [number, number]
})

/**
 * Runs a check that expects answers from the cache again while it fails only because the version
 * moved meanwhile (on the server, servers other tests start write to the same database).
 */
async function quiet(check: () => Promise<void>): Promise<void> {
  const db = await testDb()
  for (let attempt = 1; ; attempt++) {
    const v0 = db.version!.value
    try {
      return await check()
    } catch (err) {
      if (attempt >= 10 || db.version!.value === v0) throw err
    }
  }
}

const get = (app: App, path: string, cookie: string, headers: Record<string, string> = {}) => app.request(path, { headers: { cookie, ...headers } })

async function report(app: App, at: Date, category = 'clutter'): Promise<number> {
  const res = await app.request('/api/v1/issues', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: inspector },
    body: JSON.stringify({ lon: lonLat[0], lat: lonLat[1], category, description: '缓存测试', reported_at: at.toISOString() }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { properties: { id: number } }).properties.id
}

describe('the read cache', () => {
  it('answers a repeated read from the cache with the same ETag, and If-None-Match with 304', async () => {
    await quiet(async () => {
      const app = await testApp()
      const { query } = window()
      const path = `/api/v1/stats/summary?${query}`
      const a = await get(app, path, leader)
      expect(a.status).toBe(200)
      expect(a.headers.get('x-cache')).toBe('miss')
      expect(a.headers.get('cache-control')).toBe('private, no-cache')
      const etag = a.headers.get('etag')!
      expect(etag).toMatch(/^"[\w-]+"$/)
      const b = await get(app, path, leader)
      expect(b.headers.get('x-cache')).toBe('hit')
      expect(b.headers.get('etag')).toBe(etag)
      expect(await b.text()).toBe(await a.text())
      const c = await get(app, path, leader, { 'if-none-match': etag })
      expect(c.status).toBe(304)
      expect(await c.text()).toBe('')
      // The browser's "no-cache" asks for a fresh computation.
      expect((await get(app, path, leader, { 'cache-control': 'no-cache' })).headers.get('x-cache')).toBe('miss')
    })
  })

  it('never answers an old number after a write through the API, nor a 304 for the old ETag', async () => {
    const app = await testApp()
    const { at, query } = window()
    const path = `/api/v1/stats/summary?${query}`
    let etag = (await get(app, path, leader)).headers.get('etag')!
    for (let i = 1; i <= 4; i++) {
      await report(app, at)
      const res = await get(app, path, leader, { 'if-none-match': etag })
      expect(res.status).toBe(200)
      const body = (await res.json()) as Summary
      expect(body.total).toBe(i)
      expect(body.total).toBe(await countInSql(at))
      expect(res.headers.get('etag')).not.toBe(etag)
      etag = res.headers.get('etag')!
    }
  })

  it('never answers an old number while reads race the writes', async () => {
    const app = await testApp()
    const { at, query } = window()
    const path = `/api/v1/stats/summary?${query}`
    let stop = false
    let raced = 0
    // Readers that start before a write and finish after it: their answers must not be kept as current.
    const readers = Array.from({ length: 4 }, async () => {
      while (!stop) {
        await (await get(app, path, leader)).arrayBuffer()
        raced++
        // A reader over the network yields between requests; with its session and the answer both
        // cached, a request here completes in microtasks alone and would starve the database's sockets.
        await new Promise((r) => setImmediate(r))
      }
    })
    try {
      for (let i = 1; i <= 6; i++) {
        await report(app, at)
        const body = (await (await get(app, path, leader)).json()) as Summary
        expect(body.total).toBe(i)
      }
    } finally {
      stop = true
      await Promise.all(readers)
    }
    expect(raced).toBeGreaterThan(0)
  })

  it('sees a write made in SQL beside the API (a trigger moves the version, not the route)', async () => {
    await quiet(async () => {
      const app = await testApp()
      const { at, query } = window()
      const path = `/api/v1/stats/summary?${query}`
      const id = await report(app, at, 'clutter')
      const noise = (s: Summary) => s.by_category.find((c) => c.category === 'noise')?.total ?? 0
      expect(noise((await (await get(app, path, leader)).json()) as Summary)).toBe(0)
      expect((await get(app, path, leader)).headers.get('x-cache')).toBe('hit')
      const db = await testDb()
      await db.query("UPDATE issues SET category_code = 'noise' WHERE id = $1", [id])
      expect(noise((await (await get(app, path, leader)).json()) as Summary)).toBe(1)
    })
  })

  it('keeps each reader to their own answer: a grid manager never gets the leader’s cached numbers', async () => {
    await quiet(async () => {
      const app = await testApp()
      const grid = await cookieOf('grid01')
      const path = '/api/v1/stats/grids'
      const lead = (await (await get(app, path, leader)).json()) as { grid_code: string }[]
      expect((await get(app, path, leader)).headers.get('x-cache')).toBe('hit')
      const mine = await get(app, path, grid)
      expect(mine.headers.get('x-cache')).toBe('miss')
      const rows = (await mine.json()) as { grid_code: string }[]
      expect(rows.length).toBeLessThan(lead.length)
      expect(rows.length).toBe(2)
    })
  })

  it('computes an answer once for requests that arrive together (the 08:30 crowd)', async () => {
    const app = await testApp()
    const cache = cacheFor(await testDb())
    const { query } = window()
    const path = `/api/v1/stats/grids?${query}`
    const db = await testDb()
    const [before, v0] = [cache.misses, db.version!.value]
    const all = await Promise.all(Array.from({ length: 12 }, () => get(app, path, leader)))
    // One computation per version (on the server other test files' writes may move it meanwhile).
    expect(cache.misses - before).toBeLessThanOrEqual(1 + db.version!.value - v0)
    expect(all.map((r) => r.status)).toEqual(all.map(() => 200))
    const bodies = new Set(await Promise.all(all.map((r) => r.text())))
    expect(bodies.size).toBe(1)
  })

  it('answers the bare paths of cached prefixes (/indicators, /campaigns) alone and together', async () => {
    await quiet(async () => {
      const app = await testApp()
      for (const path of ['/api/v1/indicators', '/api/v1/campaigns']) {
        const [a, b] = await Promise.all([get(app, path, leader), get(app, path, leader)])
        expect([a.status, b.status], path).toEqual([200, 200])
        expect((await get(app, path, leader)).headers.get('x-cache'), path).toBe('hit')
      }
    })
  }, 20_000)

  it('computes afresh once the answer is older than its route allows (the clock moves overdue counts)', async () => {
    await quiet(async () => {
      let now = TEST_NOW.getTime()
      const app = await testApp({}, () => new Date(now))
      const path = '/api/v1/stats/summary?category=noise'
      expect((await get(app, path, leader)).headers.get('x-cache')).toBe('miss')
      now += 4_000
      expect((await get(app, path, leader)).headers.get('x-cache')).toBe('hit')
      now += 2_000
      expect((await get(app, path, leader)).headers.get('x-cache')).toBe('miss')
    })
  })

  it('answers a repeated area analysis (a read asked by POST) from the cache, keyed by its body, never across a write', async () => {
    const app = await testApp()
    const { at } = window()
    const to = new Date(at.getTime() + 1000)
    // Squares around the point every report of this test is made at: its window holds those alone.
    const area = (side: number) => JSON.stringify({ polygon: squareAt(lonLat, side), from: at.toISOString(), to: to.toISOString() })
    const post = (body: string, headers: Record<string, string> = {}) =>
      app.request('/api/v1/analysis/area', { method: 'POST', headers: { cookie: leader, 'content-type': 'application/json', ...headers }, body })
    const total = async (res: Response) => ((await res.json()) as { counts: { total: number } }).counts.total
    await quiet(async () => {
      const a = await post(area(200))
      expect(a.status).toBe(200)
      expect(a.headers.get('x-cache')).toBe('miss')
      // A 304 answers a GET alone: a POST's answer carries no ETag, and If-None-Match changes nothing.
      expect(a.headers.get('etag')).toBeNull()
      const b = await post(area(200), { 'if-none-match': '*' })
      expect([b.status, b.headers.get('x-cache')]).toEqual([200, 'hit'])
      expect(await b.text()).toBe(await a.text())
      // Another polygon is another question, and so is the same text of another type.
      expect((await post(area(201))).headers.get('x-cache')).toBe('miss')
      expect((await post(area(200), { 'content-type': 'application/json; charset=utf-8' })).headers.get('x-cache')).toBe('miss')
    })
    for (let i = 1; i <= 3; i++) {
      await report(app, at)
      const n = await total(await post(area(200)))
      expect(n).toBe(i)
      expect(n).toBe(await countInSql(at))
    }
    // A body the route refuses is answered as before, and never kept.
    const bad = JSON.stringify({ polygon: { type: 'Point', coordinates: lonLat } })
    expect((await post(bad)).status).toBe(400)
    const again = await post(bad)
    expect([again.status, again.headers.get('x-cache')]).toEqual([400, null])
  })

  it('refuses an area body over the limit with 413 though the cache reads it for its key, with or without its length', async () => {
    const app = await testApp()
    const big = JSON.stringify({ polygon: squareAt(lonLat, 200), pad: 'x'.repeat(MAX_BODY_BYTES) })
    const headers = { cookie: leader, 'content-type': 'application/json' }
    const sized = await app.request('/api/v1/analysis/area', {
      method: 'POST',
      headers: { ...headers, 'content-length': String(big.length) },
      body: big,
    })
    const bytes = new TextEncoder().encode(big)
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 65_536) c.enqueue(bytes.subarray(i, i + 65_536))
        c.close()
      },
    })
    const streamed = await app.request('/api/v1/analysis/area', { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit)
    for (const res of [sized, streamed]) {
      expect(res.status).toBe(413)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large')
    }
  })

  it.runIf(process.env.TEST_ENGINE === 'postgres')('sees a write another process commits, within a second', async () => {
    const app = await testApp()
    const { at, query } = window()
    const path = `/api/v1/stats/summary?${query}`
    const id = await report(app, at, 'clutter')
    expect(((await (await get(app, path, leader)).json()) as Summary).total).toBe(1)
    const other = new pg.Client({ connectionString: process.env.CGM_PG_URL })
    await other.connect()
    try {
      await other.query("UPDATE issues SET reported_at = reported_at - interval '1 day' WHERE id = $1", [id])
    } finally {
      await other.end()
    }
    let total = 1
    for (const until = Date.now() + 1_000; total !== 0 && Date.now() < until;) {
      total = ((await (await get(app, path, leader)).json()) as Summary).total
      if (total !== 0) await new Promise((r) => setTimeout(r, 10))
    }
    expect(total).toBe(0)
  })
})

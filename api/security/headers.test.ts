import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'

/** The origins of the intranet tile services registered in the shared test database (other test files add some). */
async function registered(): Promise<Set<string>> {
  const db = await testDb()
  const rows = await db.query<{ url: string }>('SELECT url FROM basemaps WHERE url IS NOT NULL')
  return new Set(rows.map((r) => new URL(r.url.replace(/\{[^}]*\}/g, '0')).origin))
}

describe('security headers', () => {
  it('send a CSP with no outside host but registered tile services, nosniff, a referrer policy and no framing on API answers', async () => {
    const app = await testApp()
    // every origin registered at some read during this test (the CSP's list is cached for a few seconds)
    const allowed = await registered()
    for (const path of ['/api/v1/health', '/api/v1/nothing-here']) {
      const res = await app.request(path)
      for (const o of await registered()) allowed.add(o)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain('worker-src')
      for (const host of csp.match(/https?:\/\/[^\s;]+/g) ?? []) expect(allowed, `${host} in the CSP`).toContain(host)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('same-origin')
    }
  })
})

describe('the head of an answer from the read cache', () => {
  it('a hit and its 304 carry the same security headers as a computed answer, and the request id asked for or a new one', async () => {
    const app = await testApp()
    const security = (res: Response) =>
      Object.fromEntries(
        ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy'].map((n) => [
          n,
          res.headers.get(n),
        ]),
      )
    // Computed afresh (no-cache): its head comes from the middlewares on the way out.
    const computed = await app.request('/api/v1/stats/summary', { headers: { 'cache-control': 'no-cache' } })
    expect(computed.headers.get('x-cache')).toBe('miss')
    expect(computed.headers.get('content-security-policy')).toContain("default-src 'self'")
    await computed.arrayBuffer()
    // Then from the cache (another test file may write meanwhile: ask until one is a hit).
    let hit: Response | undefined
    for (let i = 0; i < 10 && hit?.headers.get('x-cache') !== 'hit'; i++) {
      hit = await app.request('/api/v1/stats/summary', { headers: { 'x-request-id': 'wall-7=b' } })
    }
    expect(hit!.headers.get('x-cache')).toBe('hit')
    expect(security(hit!)).toEqual(security(computed))
    expect(hit!.headers.get('x-request-id')).toBe('wall-7=b')
    const unchanged = await app.request('/api/v1/stats/summary', { headers: { 'if-none-match': hit!.headers.get('etag')! } })
    expect(unchanged.status).toBe(304)
    expect(security(unchanged)).toEqual(security(computed))
    expect(unchanged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    // A malformed id is replaced, not echoed.
    const odd = await app.request('/api/v1/stats/summary', { headers: { 'x-request-id': 'a b<script>' } })
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })
})

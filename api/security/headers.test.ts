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

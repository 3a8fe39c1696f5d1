/**
 * Paging at scale: 10^5 more issues, walked through /ogc by next links, come back each exactly once.
 * Embedded engine only, on a private copy of the test database (10^5 rows in the database every
 * other test file shares would change their numbers); the SQL is the same on the server, where
 * ogc.test.ts walks the street's issues by next links too.
 */
import { rm } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { openPglite } from '../../db/pglite.ts'
import { copyTemplate } from '../../db/testing/global-setup.ts'
import { TEST_NOW, TEST_PASSWORD_COST } from '../../db/testing/constants.ts'
import { insertRandomIssues } from '../../db/testing/random-issues.ts'
import { makeRng } from '../../fixtures/prng.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'

describe.skipIf(process.env.TEST_ENGINE !== 'pglite')('OGC API – Features paging at 10^5 issues', () => {
  it('returns every issue exactly once through next links', async () => {
    const dir = await copyTemplate(process.env.CGM_PGLITE_TEMPLATE!)
    const db = await openPglite(dir)
    try {
      const r = makeRng(4547)
      for (let batch = 0; batch < 10; batch++) await insertRandomIssues(db, r, 10_000, 90 + batch)
      const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues WHERE street_id = 1')
      expect(n).toBeGreaterThan(100_000)
      const app = buildApp({ db, config: { ...loadConfig({ SEED: 'none' }), passwordCost: TEST_PASSWORD_COST }, now: () => TEST_NOW })
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
      })
      expect(login.status).toBe(200)
      const cookie = login.headers.get('set-cookie')!.split(';')[0]
      const seen = new Set<number>()
      let url: string | null = 'http://localhost/ogc/collections/issues/items?limit=10000'
      let pages = 0
      while (url) {
        const u: URL = new URL(url)
        const res = await app.request(u.pathname + u.search, { headers: { cookie } })
        expect(res.status).toBe(200)
        const body = (await res.json()) as { features: { id: number }[]; links: { rel: string; href: string }[] }
        for (const f of body.features) {
          expect(seen.has(f.id), `issue ${f.id} twice`).toBe(false)
          seen.add(f.id)
        }
        url = body.links.find((l) => l.rel === 'next')?.href ?? null
        pages++
      }
      expect(seen.size).toBe(n)
      expect(pages).toBe(Math.ceil(n / 10_000) + (n % 10_000 === 0 ? 1 : 0))
    } finally {
      await db.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 600_000)
})

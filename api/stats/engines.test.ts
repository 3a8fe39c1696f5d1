import { describe, expect, it } from 'vitest'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { openPostgres } from '../../db/postgres.ts'
import { TEST_NOW } from '../../db/testing/constants.ts'
import { testApp } from '../../db/testing/app.ts'

// Both engines were seeded from the same generator and clock; over a window that no other test
// writes into, every endpoint must answer the same numbers on PGlite and on the server. The window
// starts in 2020 because the date tests store reports at the data start (2000-01-01) in the shared
// database; the demo year (the 365 days up to TEST_NOW) lies wholly inside it. Field points have no
// window: the import tests add real (synthetic = false) points, so only the seeded ones are compared,
// and the per-grid point counts (`points`, `per_point`) are left out of the statistics.
const WINDOW = 'from=2020-01-01&to=2026-11-01'
const PATHS = [
  `/api/v1/stats/grids?${WINDOW}`,
  `/api/v1/stats/communities?${WINDOW}`,
  `/api/v1/stats/summary?${WINDOW}&category=bike_parking,clutter,street_vending`,
  `/api/v1/issues?${WINDOW}&limit=300&status=closed`,
  '/api/v1/layers/grids',
  '/api/v1/layers/points',
]

type Layer = { features: { properties: { synthetic?: boolean } }[] }
/** The seeded part of a points layer, statistics without the point counts; any other answer as it is. */
function seeded(path: string, body: unknown): unknown {
  if (path.startsWith('/api/v1/stats/grids') || path.startsWith('/api/v1/stats/communities'))
    return (body as Record<string, unknown>[]).map(({ points: _p, per_point: _pp, ...rest }) => rest)
  if (!path.startsWith('/api/v1/layers/points')) return body
  const layer = body as Layer
  return { ...layer, features: layer.features.filter((f) => f.properties.synthetic === true) }
}

describe('PGlite and the PostgreSQL server', () => {
  it.skipIf(process.env.TEST_ENGINE !== 'pglite' || !process.env.CGM_PG_URL)('answer with the same numbers', async () => {
    const embedded = await testApp()
    const db = await openPostgres(process.env.CGM_PG_URL!, 2)
    const server = buildApp({ db, config: loadConfig({ SEED: 'none' }), now: () => TEST_NOW })
    try {
      for (const path of PATHS) {
        const [a, b] = await Promise.all([embedded.request(path), server.request(path)])
        expect(a.status, path).toBe(200)
        expect(seeded(path, await a.json()), path).toEqual(seeded(path, await b.json()))
      }
    } finally {
      await db.close()
    }
  })
})

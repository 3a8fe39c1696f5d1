/**
 * Finer invalidation (0320): a report moves the data version but not the shape version, so the map
 * layers and the grid areas stay cached while every statistic is computed again; a write to the
 * street's shape drops them. What makes this correct by construction: the SQL of every answer keyed
 * on the shape version names none of the tables whose writes leave it standing.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, pointInside } from '../issues/test-helpers.ts'
import { CACHED_ROUTES } from './middleware.ts'

type App = Awaited<ReturnType<typeof testApp>>

/**
 * The SQL behind answers keyed on the shape version: every map layer, the statistics' grid areas and
 * category names, the indicators' unit names, an area's polygon check, cells, outline and facts, and Gi*'s
 * grid areas and contiguity (api/cache/memo.ts).
 */
function shapeSql(): [file: string, text: string][] {
  const layers = new URL('../layers/', import.meta.url)
  const files = readdirSync(layers)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => new URL(f, layers))
  files.push(new URL('../stats/areas.sql', import.meta.url))
  files.push(new URL('../stats/categories.sql', import.meta.url))
  files.push(new URL('../indicators/names.sql', import.meta.url))
  files.push(new URL('../analysis/area-leaves.sql', import.meta.url))
  files.push(new URL('../analysis/area-outline.sql', import.meta.url))
  files.push(new URL('../analysis/polygon-check.sql', import.meta.url))
  files.push(new URL('../analysis/area-facts.sql', import.meta.url))
  files.push(new URL('../analysis/gi-grids.sql', import.meta.url))
  return files.map((u) => [u.pathname, readFileSync(u, 'utf8').replace(/--.*$/gm, '')])
}

let leader: string
let inspector: string
let lonLat: [number, number]
beforeAll(async () => {
  leader = await cookieOf('leader')
  inspector = await cookieOf('inspector')
  lonLat = (await pointInside(5)) as [number, number]
})

/** Retries a check that fails only because someone else's shape write moved the version meanwhile (other test files share the database). */
async function quietShape(check: () => Promise<void>): Promise<void> {
  const db = await testDb()
  for (let attempt = 1; ; attempt++) {
    const s0 = db.version!.shape
    try {
      return await check()
    } catch (err) {
      if (attempt >= 10 || db.version!.shape === s0) throw err
    }
  }
}

const get = (app: App, path: string) => app.request(path, { headers: { cookie: leader } })

/** Issues reported at `at`, through the statistics (a fresh computation: no-cache). */
async function statsTotal(app: App, at: Date): Promise<number> {
  const to = new Date(at.getTime() + 1000)
  const res = await get(app, `/api/v1/stats/summary?from=${encodeURIComponent(at.toISOString())}&to=${encodeURIComponent(to.toISOString())}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { total: number }).total
}

describe('data kinds in the read cache', () => {
  it('no answer keyed on the shape version reads a table of issue_data_tables()', async () => {
    const db = await testDb()
    const [{ tables }] = await db.query<{ tables: string[] }>('SELECT issue_data_tables() AS tables')
    expect(tables).toContain('issues')
    expect(tables).toContain('issue_events')
    const sql = shapeSql()
    expect(sql.length).toBeGreaterThanOrEqual(7)
    for (const [file, text] of sql) for (const t of tables) expect(new RegExp(`\\b${t}\\b`, 'i').test(text), `${file} reads ${t}`).toBe(false)
    // The layers are the only routes on the shape version.
    expect(CACHED_ROUTES.filter(([, p]) => p.version === 'shape').map(([path]) => path)).toEqual(['/api/v1/layers/*'])
  })

  it('a report keeps the grid layer cached while the statistics show it at once', async () => {
    const app = await testApp()
    const at = new Date(Date.UTC(2026, 10, 2) + Math.floor(Math.random() * 16 * 86_400) * 1000)
    const before = await statsTotal(app, at)
    await quietShape(async () => {
      const db = await testDb()
      const v0 = db.version!.value
      await get(app, '/api/v1/layers/grids')
      const warm = await get(app, '/api/v1/layers/grids')
      expect(warm.headers.get('x-cache')).toBe('hit')
      const res = await app.request('/api/v1/issues', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: inspector },
        body: JSON.stringify({ lon: lonLat[0], lat: lonLat[1], category: 'clutter', description: '缓存分类测试', reported_at: at.toISOString() }),
      })
      expect(res.status).toBe(201)
      expect(db.version!.value).toBeGreaterThan(v0)
      const after = await get(app, '/api/v1/layers/grids')
      expect(after.headers.get('x-cache')).toBe('hit')
      expect(await after.text()).toBe(await warm.text())
    })
    // The statistics were not kept across the report (in SQL, the count moved by at least ours).
    const db = await testDb()
    const [{ n }] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM issues WHERE reported_at >= $1 AND reported_at < $1::timestamptz + interval '1 second'",
      [at],
    )
    expect(n).toBeGreaterThan(before)
    expect(await statsTotal(app, at)).toBe(n)
  })

  it('a write to the grids (plain SQL) drops the layers', async () => {
    const app = await testApp()
    const db = await testDb()
    await get(app, '/api/v1/layers/grids')
    const s0 = db.version!.shape
    // A statement that changes no row still notifies (statement-level triggers): no other test sees it.
    await db.query('UPDATE grids SET name = name WHERE false')
    expect(db.version!.shape).toBeGreaterThan(s0)
    const again = await get(app, '/api/v1/layers/grids')
    expect(again.status).toBe(200)
    expect(again.headers.get('x-cache')).toBe('miss')
  })
})

/**
 * One computation per key and data version (shared.ts): requests at the same version share it, a
 * write in between starts another, a failed one is read again alone; the statistics endpoints that
 * count the same rows count them once.
 */
import { describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { testDb } from '../../db/testing/db.ts'
import { loadConfig } from '../config.ts'
import { buildApp } from '../app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { TEST_NOW, TEST_PASSWORD_COST } from '../../db/testing/constants.ts'
import { joinRunning } from './shared.ts'

/** A promise and the function that settles it. */
function gate<T = void>() {
  let open!: (v: T) => void
  const shut = new Promise<T>((r) => (open = r))
  return { shut, open }
}

/** The shared test database once it hears every process's writes (a server's listener connects after it opens). */
async function settledDb(): Promise<Db> {
  const db = await testDb()
  for (const until = Date.now() + 10_000; !db.version!.settled && Date.now() < until;) await new Promise((r) => setTimeout(r, 20))
  expect(db.version!.settled).toBe(true)
  return db
}

const touch = (db: Db) => db.query('UPDATE streets SET name = name WHERE id = (SELECT min(id) FROM streets)')

/** The owner the unit tests share computations under (an app's clock in the routes). */
const owner = () => TEST_NOW

describe('one computation per key and data version', () => {
  it('is shared by the requests that ask while it runs at their version', async () => {
    const db = await settledDb()
    const g = gate()
    let reads = 0
    const read = async () => {
      const n = ++reads
      await g.shut
      return n
    }
    const first = joinRunning(owner, db, 'shared-test-a', read)
    const second = joinRunning(owner, db, 'shared-test-a', read)
    const other = joinRunning(owner, db, 'shared-test-b', read)
    // Another app over the same database (a clock of its own) reads on its own.
    const otherApp = joinRunning(() => new Date(), db, 'shared-test-a', read)
    g.open()
    expect([await first, await second, await other, await otherApp]).toEqual([1, 1, 2, 3])
    // Finished, it is not kept: the next request reads again.
    expect(await joinRunning(owner, db, 'shared-test-a', read)).toBe(4)
  })

  it('is not joined by a request that arrives after a write was answered', async () => {
    const db = await settledDb()
    const g = gate()
    const before = joinRunning(owner, db, 'shared-test-c', async () => (await g.shut, 'before the write'))
    await touch(db)
    const after = joinRunning(owner, db, 'shared-test-c', async () => 'after the write')
    g.open()
    expect([await before, await after]).toEqual(['before the write', 'after the write'])
  })

  it('that failed is read again by each request that joined it', async () => {
    const db = await settledDb()
    const g = gate()
    const failing = joinRunning(owner, db, 'shared-test-d', async () => {
      await g.shut
      throw new Error('the first reader failed')
    })
    const joined = joinRunning(owner, db, 'shared-test-d', async () => 'read alone')
    g.open()
    await expect(failing).rejects.toThrow('the first reader failed')
    expect(await joined).toBe('read alone')
  })

  // Counts statements of this app's handle only; a server's other test files run one at a time.
  it('counts the rows once for /stats/summary, /stats/grids and /stats/communities asked while it runs, and again after a report', async () => {
    const db = await settledDb()
    let counted = 0
    let held = gate()
    const spy: Db = {
      ...db,
      query: async (text, params) => {
        if (/^-- Why: (the one aggregate behind every statistics endpoint|the same counts as counts\.sql, read from issue_rollup)/.test(text)) {
          counted++
          await held.shut
        }
        return db.query(text, params)
      },
    }
    const app = buildApp({ db: spy, config: { ...loadConfig({ SEED: 'none' }), passwordCost: TEST_PASSWORD_COST }, now: () => TEST_NOW })
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
    })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    const get = async (path: string) =>
      (await app.request(`/api/v1/stats/${path}?category=clutter`, { headers: { cookie, 'cache-control': 'no-cache' } })).json()
    const sum = (xs: { total: number }[]) => xs.reduce((s, x) => s + x.total, 0)
    /** /stats/summary's count held until the other two have asked; how many counts ran, and the three totals. */
    const three = async () => {
      counted = 0
      held = gate()
      const summary = get('summary') as Promise<{ total: number }>
      for (const until = Date.now() + 10_000; counted === 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 10))
      const rest = Promise.all([get('grids'), get('communities')]) as Promise<{ total: number }[][]>
      // Each of them reaches its count within this time: a request that does not join runs its own.
      await new Promise((r) => setTimeout(r, 1000))
      held.open()
      const [grids, communities] = await rest
      return { counted, totals: [(await summary).total, sum(grids), sum(communities)] }
    }
    const first = await three()
    expect(first.counted).toBe(1)
    const [total] = first.totals
    expect(first.totals).toEqual([total, total, total])
    const [grid] = await db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(geom) AS p FROM grids ORDER BY code LIMIT 1) g',
    )
    const made = await app.request('/api/v1/issues', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ lon: grid.lon, lat: grid.lat, category: 'clutter', description: 'shared counts test' }),
    })
    expect(made.status).toBe(201)
    const { id } = (await made.json()) as { id: number }
    expect(Number.isInteger(id)).toBe(true)
    try {
      const after = await three()
      expect(after).toEqual({ counted: 1, totals: [total + 1, total + 1, total + 1] })
    } finally {
      await db.query('DELETE FROM issue_events WHERE street_id = 1 AND issue_id = $1', [id])
      await db.query('DELETE FROM issues WHERE street_id = 1 AND id = $1', [id])
    }
  })
})

/**
 * One computation per key and data version (shared.ts): requests at the same version share it, a
 * write in between starts another, an old or failed one is not relied on; the statistics endpoints
 * that count the same rows count them once, under the version their request arrived at.
 */
import { describe, expect, it } from 'vitest'
import { DbUnavailableError, type Db } from '../../db/adapter.ts'
import { testDb } from '../../db/testing/db.ts'
import { loadConfig } from '../config.ts'
import { buildApp } from '../app.ts'
import { DEMO_PASSWORD } from '../auth/bootstrap.ts'
import { TEST_NOW, TEST_PASSWORD_COST } from '../../db/testing/constants.ts'
import { arrival, joinRunning, KEPT_MAX } from './shared.ts'

/** A promise and the function that settles it. */
function gate<T = void>() {
  let open!: (v: T) => void
  const shut = new Promise<T>((r) => (open = r))
  return { shut, open }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Waits for `pred` (checked every 10 ms, at most 10 s). */
async function until(pred: () => boolean) {
  for (const end = Date.now() + 10_000; !pred() && Date.now() < end;) await pause(10)
  expect(pred()).toBe(true)
}

/** The shared test database once it hears every process's writes (a server's listener connects after it opens). */
async function settledDb(): Promise<Db> {
  const db = await testDb()
  await until(() => db.version!.settled)
  return db
}

const touch = (db: Db) => db.query('UPDATE streets SET name = name WHERE id = (SELECT min(id) FROM streets)')

/** The owner the unit tests share computations under (an app's clock in the routes). */
const owner = () => TEST_NOW
const LONG = 60_000

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
    const first = joinRunning(owner, arrival(db), 'shared-test-a', LONG, read)
    const second = joinRunning(owner, arrival(db), 'shared-test-a', LONG, read)
    const other = joinRunning(owner, arrival(db), 'shared-test-b', LONG, read)
    // Another app over the same database (a clock of its own) reads on its own.
    const otherApp = joinRunning(() => new Date(), arrival(db), 'shared-test-a', LONG, read)
    g.open()
    expect([await first, await second, await other, await otherApp]).toEqual([1, 1, 2, 3])
    // Finished, it is kept while the version stands; a request that asks afresh reads again.
    expect(await joinRunning(owner, arrival(db), 'shared-test-a', LONG, read)).toBe(1)
    expect(await joinRunning(owner, arrival(db), 'shared-test-a', LONG, read, true)).toBe(4)
    expect(await joinRunning(owner, arrival(db), 'shared-test-a', LONG, read)).toBe(4)
    // A write moves the version: read again.
    await touch(db)
    expect(await joinRunning(owner, arrival(db), 'shared-test-a', LONG, read)).toBe(5)
  })

  it('keeps a finished one for at most its age limit, and at most KEPT_MAX of them', async () => {
    const db = await settledDb()
    let reads = 0
    const read = async () => ++reads
    const at = arrival(db)
    expect(await joinRunning(owner, at, 'shared-test-g', 50, read)).toBe(1)
    expect(await joinRunning(owner, at, 'shared-test-g', 50, read)).toBe(1)
    await pause(100)
    expect(await joinRunning(owner, at, 'shared-test-g', 50, read)).toBe(2)

    // By the app's clock too: a clock that moved past the limit, or back, reads again ("overdue" is
    // judged at the count's start by that clock).
    let t = TEST_NOW.getTime()
    const clock = () => new Date(t)
    const kept = await joinRunning(clock, at, 'shared-test-i', LONG, read)
    expect(kept).toBe(reads)
    t += LONG - 1
    expect(await joinRunning(clock, at, 'shared-test-i', LONG, read)).toBe(kept)
    t += 1
    expect(await joinRunning(clock, at, 'shared-test-i', LONG, read)).toBe(kept + 1)
    t -= 1
    expect(await joinRunning(clock, at, 'shared-test-i', LONG, read)).toBe(kept + 2)

    const keys = Array.from({ length: KEPT_MAX + 20 }, (_, k) => `shared-test-h${k}`)
    const first = new Map<string, number>()
    for (const key of keys) first.set(key, await joinRunning(owner, at, key, LONG, read))
    // The newest are kept, the oldest were forgotten.
    expect(await joinRunning(owner, at, keys.at(-1)!, LONG, read)).toBe(first.get(keys.at(-1)!))
    expect(await joinRunning(owner, at, keys[keys.length - KEPT_MAX + 5], LONG, read)).toBe(first.get(keys[keys.length - KEPT_MAX + 5]))
    const again = await joinRunning(owner, at, keys[0], LONG, read)
    expect(again).not.toBe(first.get(keys[0]))
    expect(again).toBe(reads)
  })

  it('is not joined by a request that arrives after a write was answered', async () => {
    const db = await settledDb()
    const g = gate()
    const before = joinRunning(owner, arrival(db), 'shared-test-c', LONG, async () => (await g.shut, 'before the write'))
    await touch(db)
    const after = joinRunning(owner, arrival(db), 'shared-test-c', LONG, async () => 'after the write')
    g.open()
    expect([await before, await after]).toEqual(['before the write', 'after the write'])
  })

  it('is not joined once it has run longer than the answer may be reused (one blocked on a lock)', async () => {
    const db = await settledDb()
    const g = gate()
    const at = arrival(db)
    const stuck = joinRunning(owner, at, 'shared-test-e', 50, async () => (await g.shut, 'stuck'))
    await pause(100)
    expect(await joinRunning(owner, at, 'shared-test-e', 50, async () => 'alone')).toBe('alone')
    g.open()
    expect(await stuck).toBe('stuck')
  })

  it('that failed is read again by each request that joined it, unless the database was unavailable', async () => {
    const db = await settledDb()
    const g = gate()
    const failing = joinRunning(owner, arrival(db), 'shared-test-d', LONG, async () => {
      await g.shut
      throw new Error('the first reader failed')
    })
    const joined = joinRunning(owner, arrival(db), 'shared-test-d', LONG, async () => 'read alone')
    g.open()
    await expect(failing).rejects.toThrow('the first reader failed')
    expect(await joined).toBe('read alone')

    const down = gate()
    let reads = 0
    const gone = joinRunning(owner, arrival(db), 'shared-test-f', LONG, async () => {
      await down.shut
      throw new DbUnavailableError(new Error('server closed the connection'))
    })
    const waiting = joinRunning(owner, arrival(db), 'shared-test-f', LONG, async () => ++reads)
    down.open()
    await expect(gone).rejects.toBeInstanceOf(DbUnavailableError)
    await expect(waiting).rejects.toBeInstanceOf(DbUnavailableError)
    expect(reads).toBe(0)
  })
})

// Counts statements of this app's handle only; a server's other test files run one at a time.
describe('the statistics endpoints', () => {
  // Unanchored: on PGlite the counts travel inside a JSON wrapper (db/many-rows.ts).
  const COUNTS = /-- Why: (the one aggregate behind every statistics endpoint|the same counts as counts\.sql, read from issue_rollup)/
  const LOOKUP = 'SELECT id FROM streets WHERE code = $1'

  /** An app over a handle that holds each count until `held` opens and tells each street lookup (a request's first statement here). */
  async function spiedApp(onLookup: () => Promise<void> | void = () => {}) {
    const db = await settledDb()
    const seen = { counts: 0, lookups: 0, held: gate() }
    /** `inner`'s queries, counted and held; an analysis reads through an expensive() view (api/load/analysis.ts), spied the same way. */
    const spied = (inner: Db): Db => ({
      ...inner,
      query: async <T>(text: string, params?: unknown[]) => {
        if (COUNTS.test(text)) {
          seen.counts++
          await seen.held.shut
        }
        const rows = await inner.query<T>(text, params)
        if (text === LOOKUP) {
          await onLookup()
          seen.lookups++
        }
        return rows
      },
      expensive: (budgetMs: number) => spied(inner.expensive(budgetMs)),
    })
    const spy = spied(db)
    const app = buildApp({ db: spy, config: { ...loadConfig({ SEED: 'none' }), passwordCost: TEST_PASSWORD_COST }, now: () => TEST_NOW })
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
    })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]
    const [{ code }] = await db.query<{ code: string }>('SELECT code FROM streets WHERE id = 1')
    const get = async (path: string) =>
      (await app.request(`/api/v1/stats/${path}?category=clutter&street=${code}`, { headers: { cookie, 'cache-control': 'no-cache' } })).json()
    /** A GET by the leader, from the read cache unless `fresh`. */
    const read = async (path: string, fresh = false) => {
      const res = await app.request(`/api/v1/${path}?category=clutter&street=${code}`, {
        headers: { cookie, ...(fresh ? { 'cache-control': 'no-cache' } : {}) },
      })
      expect(res.status).toBe(200)
      return res.json()
    }
    return { db, app, cookie, seen, get, read }
  }

  /** Reports one clutter issue in the first grid through the app; deletes it with `undo`. */
  async function report(db: Db, app: Awaited<ReturnType<typeof spiedApp>>['app'], cookie: string) {
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
    return async () => {
      await db.query('DELETE FROM issue_events WHERE street_id = 1 AND issue_id = $1', [id])
      await db.query('DELETE FROM issues WHERE street_id = 1 AND id = $1', [id])
    }
  }

  const sum = (xs: { total: number }[]) => xs.reduce((s, x) => s + x.total, 0)

  it('count the rows once for /stats/summary, /stats/grids and /stats/communities asked while it runs, and again after a report', async () => {
    const { db, app, cookie, seen, get } = await spiedApp()
    /** /stats/summary's count held until the other two have looked up their street (right before they join); the counts run and the three totals. */
    const three = async () => {
      seen.counts = 0
      seen.lookups = 0
      seen.held = gate()
      const summary = get('summary') as Promise<{ total: number }>
      await until(() => seen.counts === 1)
      const rest = Promise.all([get('grids'), get('communities')]) as Promise<{ total: number }[][]>
      await until(() => seen.lookups === 3)
      await pause(10)
      seen.held.open()
      const [grids, communities] = await rest
      return { counted: seen.counts, totals: [(await summary).total, sum(grids), sum(communities)] }
    }
    const first = await three()
    expect(first.counted).toBe(1)
    const [total] = first.totals
    expect(first.totals).toEqual([total, total, total])
    const undo = await report(db, app, cookie)
    try {
      // The report moved the version once, before its answer (one bump however many of a server's
      // connections hear it: 0352), so the three requests below meet one version.
      const after = await three()
      expect(after).toEqual({ counted: 1, totals: [total + 1, total + 1, total + 1] })
    } finally {
      await undo()
    }
  })

  it('count once for /stats/grids and /analysis/hotspots asked one after the other, again after a report or when asked afresh', async () => {
    const { db, app, cookie, seen, read } = await spiedApp()
    seen.held.open()
    const both = async () => {
      seen.counts = 0
      const grids = (await read('stats/grids')) as { total: number }[]
      const hot = (await read('analysis/hotspots')) as { grids: { count: number }[] }
      return { counted: seen.counts, totals: [sum(grids), hot.grids.reduce((s, g) => s + g.count, 0)] }
    }
    const first = await both()
    expect(first.counted).toBe(1)
    const [total] = first.totals
    expect(total).toBeGreaterThan(0)
    expect(first.totals).toEqual([total, total])
    // Asked afresh (no-cache), Gi* counts on its own.
    seen.counts = 0
    await read('analysis/hotspots', true)
    expect(seen.counts).toBe(1)

    const undo = await report(db, app, cookie)
    try {
      expect(await both()).toEqual({ counted: 1, totals: [total + 1, total + 1] })
    } finally {
      await undo()
    }
  })

  it('share a count under the version its request arrived at, before its first statement (where a replica read chooses its side)', async () => {
    let first = true
    // A write answered while the first request looks up its street: after its arrival, before its count.
    const { db, seen, get } = await spiedApp(async () => {
      if (!first) return
      first = false
      await touch(db)
    })
    const summary = get('summary')
    await until(() => seen.counts === 1)
    // Arrives after that write: it must not join a count keyed by the version from before it.
    const grids = get('grids')
    await until(() => seen.lookups === 2)
    await pause(10)
    seen.held.open()
    await Promise.all([summary, grids])
    expect(seen.counts).toBe(2)
  })
})

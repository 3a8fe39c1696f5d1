/**
 * One computation of a query's rows for the requests that want them at the same data version.
 * `/stats/summary`, `/stats/grids` and `/stats/communities` count the same rows under the same
 * filter; the read cache (middleware.ts) runs one computation per URL, so after every write each of
 * the three counted them again. A request now joins a computation of the same key that started at
 * the data version the request arrived at: no write was answered since it began, so its rows show
 * every write of this process acknowledged before the request (a write's notification moves the
 * version before its COMMIT returns, db/postgres.ts), and another process's once its notification
 * arrived, as with the read cache.
 *
 * The version is the one read before the request's first statement (`arrival`): a replica read
 * chooses its side at that statement, from the version then (db/replica.ts), so a computation keyed
 * by a later version could run on a replica that has not replayed a write a joiner must see.
 *
 * A finished computation is kept while the version stands, for `maxAgeMs` from its start as the read
 * cache keeps an answer: the read cache keys by URL, and `/analysis/hotspots` (Gi*) counts the rows
 * `/stats/grids` counts, after each write, usually once the other has finished (the largest cost of
 * the embedded engine under a stream of reports; docs/performance.md, "Counts shared by the
 * statistics and Gi*"). A request that asks afresh (`fresh`, its `Cache-Control: no-cache`) joins a
 * running computation only, as before. One older than `maxAgeMs` (one blocked on a lock) is not
 * joined, as the read cache does not wait behind one. One that failed is read again by each request
 * that joined it, unless the database was unavailable (they would fail the same way), and is not kept.
 */
import { DbUnavailableError, type DataVersion, type Db, type Queryable } from '../../db/adapter.ts'

/** A request's data version, read before its first statement; undefined on a handle without one (a transaction's). */
export interface Arrival {
  version: DataVersion
  value: number
}

interface Run {
  value: number
  started: number
  /** The app's clock at its start (epoch ms): a test's clock may jump, which the process's does not see. */
  clock: number
  rows: Promise<unknown>
  /** Its rows have arrived. */
  done: boolean
}

/** The most computations kept per database and app; past it the oldest finished go first. */
export const KEPT_MAX = 64

/** Per database (its version), per app (its clock): the computation running or kept for each key. */
const running = new WeakMap<DataVersion, WeakMap<object, Map<string, Run>>>()

/** The handle's data version now; while unsettled a new value at every reading, so nothing is shared then. */
export function arrival(q: Queryable): Arrival | undefined {
  const version = (q as Partial<Db>).version
  return version && { version, value: version.value }
}

/**
 * `read()`'s rows, shared with a read of `key` by the same `owner` that started at the request's
 * `at` version less than `maxAgeMs` ago (by the process's clock and the owner's), running or (unless
 * `fresh`) finished; read alone without a version. The owner is the app's clock (deps.now): what a
 * count judges at "now" (overdue) is then at most `maxAgeMs` old by it, as a read cache answer's is.
 * A request's copy of the deps keeps it (api/cache/replica.ts makes one per read,
 * api/load/analysis.ts one per analysis): two apps over one database (tests, each with a clock of
 * its own) never share, as the read cache keys on the app too.
 */
export function joinRunning<T>(
  owner: () => Date,
  at: Arrival | undefined,
  key: string,
  maxAgeMs: number,
  read: () => Promise<T>,
  fresh = false,
): Promise<T> {
  if (!at) return read()
  let apps = running.get(at.version)
  if (!apps) running.set(at.version, (apps = new WeakMap()))
  let m = apps.get(owner)
  if (!m) apps.set(owner, (m = new Map()))
  const run = m.get(key)
  const clock = owner().getTime()
  const young = (r: Run) => performance.now() - r.started < maxAgeMs && clock >= r.clock && clock - r.clock < maxAgeMs
  if (run && run.value === at.value && young(run) && !(fresh && run.done))
    return (run.rows as Promise<T>).catch((err) => (err instanceof DbUnavailableError ? Promise.reject(err) : read()))
  const rows = read()
  const mine: Run = { value: at.value, started: performance.now(), clock, rows, done: false }
  forgetStale(m, at.value, young)
  m.delete(key)
  m.set(key, mine)
  const runs = m
  rows.then(
    () => void (mine.done = true),
    () => void (runs.get(key) === mine && runs.delete(key)),
  )
  return rows
}

/** Drops the finished computations no request can join (of an older version, or too old), then the oldest finished past KEPT_MAX. */
function forgetStale(m: Map<string, Run>, value: number, young: (r: Run) => boolean): void {
  for (const [k, r] of m) if (r.done && (r.value !== value || !young(r))) m.delete(k)
  for (const [k, r] of m) {
    if (m.size < KEPT_MAX) break
    if (r.done) m.delete(k)
  }
}

/**
 * One computation of a query's rows for the requests that want them at the same data version.
 * `/stats/summary`, `/stats/grids` and `/stats/communities` count the same rows under the same
 * filter; the read cache (middleware.ts) runs one computation per URL, so after every write each of
 * the three counted them again. A request now joins a computation of the same key that started at
 * the data version the request arrived at: no write was answered since it began, so its rows show
 * every write acknowledged before the request (a write's notification moves the version before its
 * COMMIT returns, db/postgres.ts). A finished computation is not kept (the read cache keeps answers),
 * and one that failed is not shared: each request that joined it then reads on its own.
 */
import type { Db, Queryable } from '../../db/adapter.ts'

const running = new WeakMap<object, Map<string, { version: number; rows: Promise<unknown> }>>()

/**
 * `read()`'s rows, shared with a read of `key` by the same `owner` running at the handle's current
 * version; read alone without a version. The owner is the app's clock (deps.now), which a request's
 * copy of the deps keeps (api/cache/replica.ts makes one per read): two apps over one database
 * (tests, each with a clock of its own) never share, as the read cache keys on the app too.
 */
export function joinRunning<T>(owner: object, q: Queryable, key: string, read: () => Promise<T>): Promise<T> {
  const version = (q as Partial<Db>).version
  if (!version) return read()
  // While unsettled, every reading is a new version: nothing is shared then.
  const v0 = version.value
  let m = running.get(owner)
  if (!m) running.set(owner, (m = new Map()))
  const run = m.get(key)
  if (run?.version === v0) return (run.rows as Promise<T>).catch(() => read())
  const rows = read()
  const mine = { version: v0, rows }
  m.set(key, mine)
  const done = () => void (m.get(key) === mine && m.delete(key))
  rows.then(done, done)
  return rows
}

/**
 * Small query results many requests repeat and writes rarely change (a street's grids and their
 * areas, which grids touch, category and unit names, an area's check, cells, outline and facts),
 * remembered per database (memoKey) for the data version they were read at: any committed write, in
 * any process, makes them stale (db/adapter.ts DataVersion), exactly as the read cache.
 * Unlike the read cache it also serves requests that ask for a fresh answer (`Cache-Control:
 * no-cache`): those want the counts computed now, and the rows kept here are what a fresh read at
 * this version would return.
 */
import type { Db, Queryable } from '../../db/adapter.ts'

/**
 * What a per-database memo is kept under: the database's data version, one per database and shared
 * by its views (each analysis request reads through an expensive() view of its own, each replica read
 * through a routed one), else the handle itself (a transaction's).
 */
export const memoKey = (q: Queryable): object => (q as Partial<Db>).version ?? q

/** Keys per database and store; the oldest go first. */
const MAX_KEYS = 500

/**
 * A store of its own, bounded by bytes as well, for rows that may be large (an area's cells: a
 * 1,000-point polygon cuts into many leaves), so that many of them can neither grow the process
 * without end nor push the small names out.
 */
export interface Budget<T> {
  store: string
  maxBytes: number
  /** An estimate of the rows' size; rows above a quarter of `maxBytes` are read afresh, not kept. */
  bytes: (rows: T) => number
}

type Memo = { version: number; rows: Map<string, { value: unknown; bytes: number }>; bytes: number }
const memos = new WeakMap<object, Map<string, Memo>>()

/**
 * `read()`'s answer for `key` at the handle's current version of the data it reads (DataVersion.shape:
 * `read` names no table of 0320's issue_data_tables(), api/cache/kinds.test.ts holds that); read
 * afresh without a version. `budget` keeps them in a store of their own, bounded by bytes.
 */
export async function atVersion<T>(q: Queryable, key: string, read: () => Promise<T>, budget?: Budget<T>): Promise<T> {
  const version = (q as Partial<Db>).version
  if (!version) return read()
  const v0 = version.shape
  const name = budget?.store ?? ''
  // Per database, not per handle: kept under the handle, an analysis's rows were never read again.
  let stores = memos.get(memoKey(q))
  if (!stores) memos.set(memoKey(q), (stores = new Map()))
  let m = stores.get(name)
  if (!m || m.version !== v0) stores.set(name, (m = { version: v0, rows: new Map(), bytes: 0 }))
  const kept = m.rows.get(key)
  if (kept) return kept.value as T
  const rows = await read()
  // Kept only when no write was seen while it was read.
  if (version.shape === v0 && stores.get(name) === m) {
    const bytes = budget ? budget.bytes(rows) : 0
    if (budget && bytes > budget.maxBytes / 4) return rows
    for (const [k, e] of m.rows) {
      if (m.rows.size < MAX_KEYS && (!budget || m.bytes + bytes <= budget.maxBytes)) break
      m.rows.delete(k)
      m.bytes -= e.bytes
    }
    m.rows.set(key, { value: rows, bytes })
    m.bytes += bytes
  }
  return rows
}

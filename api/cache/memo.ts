/**
 * Small query results many requests repeat and writes rarely change (a street's grids and their
 * areas, which grids touch, category and unit names, an area's cells), remembered per database
 * handle for the data version they were read at: any committed write, in any process, makes them
 * stale (db/adapter.ts DataVersion), exactly as the read cache.
 * Unlike the read cache it also serves requests that ask for a fresh answer (`Cache-Control:
 * no-cache`): those want the counts computed now, and the rows kept here are what a fresh read at
 * this version would return.
 */
import type { Db, Queryable } from '../../db/adapter.ts'

/** Keys per handle; a full memo is emptied rather than grown. */
const MAX_KEYS = 500

const memos = new WeakMap<Queryable, { version: number; rows: Map<string, unknown> }>()

/**
 * `read()`'s answer for `key` at the handle's current version of the data it reads (DataVersion.shape:
 * `read` names no table of 0320's issue_data_tables(), api/cache/kinds.test.ts holds that); read
 * afresh without a version.
 */
export async function atVersion<T>(q: Queryable, key: string, read: () => Promise<T>): Promise<T> {
  const version = (q as Partial<Db>).version
  if (!version) return read()
  const v0 = version.shape
  let m = memos.get(q)
  if (!m || m.version !== v0) memos.set(q, (m = { version: v0, rows: new Map() }))
  if (m.rows.has(key)) return m.rows.get(key) as T
  const rows = await read()
  // Kept only when no write was seen while it was read.
  if (version.shape === v0 && memos.get(q) === m) {
    if (m.rows.size >= MAX_KEYS) m.rows.clear()
    m.rows.set(key, rows)
  }
  return rows
}

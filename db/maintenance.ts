/**
 * Housekeeping for the embedded database, which has no autovacuum: after enough writes, VACUUM
 * ANALYZE. VACUUM marks pages all-visible, which the counting paths' index-only scans need (without
 * it every counted issue costs a heap visit), and ANALYZE keeps the planner's row estimates true as
 * the tables grow. A PostgreSQL server does this itself (autovacuum), so the server skips it. Tables
 * a bulk write left mostly dead space are then rewritten (compact).
 */
import { type Db, describeError } from './adapter.ts'
import { sql } from './sql.ts'

const BLOATED = sql(import.meta.url, 'bloated-tables.sql')

/** A table is rewritten when it holds more than this many pages (1 MB) ... */
const COMPACT_MIN_PAGES = 128
/** ... and more than this many times the pages its live rows need (bloated-tables.sql). */
const COMPACT_RATIO = 2

/**
 * Rewrites the tables a bulk write left mostly dead space (bloated-tables.sql; run after VACUUM
 * ANALYZE, which it reads the sizes from), then vacuums them again, as a rewrite leaves no page
 * marked all-visible. VACUUM FULL holds each table exclusively while it runs: ~12 s for the
 * rollups of 10⁶ issues on the server. Returns the tables rewritten.
 */
async function compact(db: Db): Promise<string[]> {
  const [{ tables }] = await db.query<{ tables: string[] }>(BLOATED, [COMPACT_MIN_PAGES, COMPACT_RATIO])
  if (tables.length === 0) return []
  await db.exec(`VACUUM (FULL) ${tables.join(', ')}`)
  await db.exec(`VACUUM (ANALYZE) ${tables.join(', ')}`)
  return tables
}

/** How often the server looks for writes, and how much WAL counts as "enough writes". */
export const MAINTENANCE_INTERVAL_MS = 10 * 60_000
export const MAINTENANCE_MIN_WAL_BYTES = 4 * 1024 * 1024

export interface MaintenanceState {
  /** The WAL position right after the last VACUUM: writes since then move it on. */
  lastLsn: string | null
}

/** What one pass did: vacuumed or not, the tables it rewrote (compact), the WAL since the last pass. */
export interface MaintenancePass {
  vacuumed: boolean
  compacted: string[]
  walBytes: number
  ms?: number
}

/**
 * Vacuums and analyses the database when the WAL has moved at least `minBytes` since the last run
 * (any write moves it; an idle database is left alone), and rewrites the tables left bloated (compact).
 * Returns what it did.
 */
export async function maintain(db: Db, state: MaintenanceState, minBytes = MAINTENANCE_MIN_WAL_BYTES): Promise<MaintenancePass> {
  const [{ moved }] = await db.query<{ moved: number | null }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::float8 AS moved', [
    state.lastLsn ?? '0/0',
  ])
  if (state.lastLsn !== null && (moved ?? 0) < minBytes) return { vacuumed: false, compacted: [], walBytes: moved ?? 0 }
  const t0 = performance.now()
  await db.exec('VACUUM (ANALYZE)')
  const compacted = await compact(db)
  const [{ lsn }] = await db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')
  state.lastLsn = lsn
  return { vacuumed: true, compacted, walBytes: moved ?? 0, ms: performance.now() - t0 }
}

/**
 * Starts the embedded database's housekeeping timer. The first look (one interval after start)
 * always vacuums, as nothing is known of the writes before this process; later ones only after writes.
 */
export function startMaintenance(db: Db, log: (m: string) => void, intervalMs = MAINTENANCE_INTERVAL_MS): () => void {
  const state: MaintenanceState = { lastLsn: null }
  let running = false
  const tick = () => {
    if (running) return
    running = true
    maintain(db, state)
      .then(
        (r) =>
          r.vacuumed &&
          log(
            `maintenance: VACUUM ANALYZE after ${(r.walBytes / 2 ** 20).toFixed(1)} MB of WAL${r.compacted.length ? `, rewrote ${r.compacted.join(', ')}` : ''}, ${r.ms?.toFixed(0)} ms`,
          ),
      )
      .catch((err) => console.error(`[maintenance] pass failed (${describeError(err)})`))
      .finally(() => (running = false))
  }
  const t = setInterval(tick, intervalMs)
  t.unref()
  return () => clearInterval(t)
}

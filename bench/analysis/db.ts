/** A fresh, loaded database per engine for the analysis benchmarks; dropped afterwards. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { generateIssues } from '../../fixtures/generate-issues.ts'
import type { Db, Engine } from '../../db/adapter.ts'
import { maintain } from '../../db/maintenance.ts'
import { migrate } from '../../db/migrate.ts'
import { openPglite } from '../../db/pglite.ts'
import { openPostgres } from '../../db/postgres.ts'
import { loadIssues, loadStreet } from '../../db/seed/index.ts'

/** The PostgreSQL server the benchmarks create their databases on. */
export const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres'
/**
 * The stem of kept databases' names (`BENCH_KEEP_AS`, default `cgm_bench`): `<stem>_<size>` on the
 * server, `<tmp>/<stem>-<size>` for PGlite, so engineers can each keep a copy migrated by their branch.
 */
const KEEP_AS = process.env.BENCH_KEEP_AS ?? 'cgm_bench'
/** The generator's clock: the one-year window of the data ends here. */
export const NOW = new Date('2026-11-20T10:00:00+08:00')

export interface BenchDb {
  db: Db
  /** Reconnects, so sessions pick up database-level settings a migration made (jit = off). */
  reopen(): Promise<void>
  drop(): Promise<void>
}

/**
 * Opens every connection of the pool and loads PostGIS in each, as a running server's pool stands
 * (db/postgres.ts IDLE_MS): a fresh connection's first statements cost ~40 ms, which the one warm-up
 * run of a scenario does not reach on the connections its parallel parts open later.
 */
async function warm(db: Db): Promise<Db> {
  await Promise.all(Array.from({ length: 10 }, () => db.query('SELECT ST_AsText(ST_Buffer(ST_Point(0, 0), 1)), pg_sleep(0.1)')))
  return db
}

/**
 * Opens a database for `engine`: a fresh one, dropped afterwards, or with `keep` the named one of
 * this size (`<stem>_<size>` on the server, `<tmp>/<stem>-<size>` for PGlite; see KEEP_AS), created if
 * missing and left in place, so later runs can skip the load.
 */
async function open(engine: Engine, keep?: number): Promise<BenchDb> {
  if (engine === 'pglite') {
    const dir = keep ? join(tmpdir(), `${KEEP_AS.replaceAll('_', '-')}-${keep}`) : await mkdtemp(join(tmpdir(), 'cgm-bench-'))
    const db = await openPglite(dir)
    const b: BenchDb = {
      db,
      reopen: async () => {},
      drop: async () => {
        await b.db.close()
        if (!keep) await rm(dir, { recursive: true, force: true })
      },
    }
    return b
  }
  const name = keep ? `${KEEP_AS}_${keep}` : `cgm_bench_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: SERVER })
  await admin.connect()
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount
  if (!exists) await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(SERVER)
  url.pathname = `/${name}`
  const b: BenchDb = {
    // Warmed only once migrated (reopen): a new database has no PostGIS until then.
    db: await openPostgres(url.toString()),
    reopen: async () => {
      await b.db.close()
      b.db = await warm(await openPostgres(url.toString()))
    },
    drop: async () => {
      await b.db.close()
      if (keep) return
      const a = new pg.Client({ connectionString: SERVER })
      await a.connect()
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await a.end()
    },
  }
  return b
}

const rewrote = (tables: string[]) => (tables.length ? `, rewrote ${tables.join(', ')}` : '')

/**
 * Opens a database of `engine`, migrates it and loads 东塘 with `count` generated issues; with
 * `keep`, a kept database that already holds them is only migrated (pending migrations) and vacuumed.
 */
export async function loadedDb(engine: Engine, count: number, log: (m: string) => void, keep = false): Promise<BenchDb> {
  const b = await open(engine, keep ? count : undefined)
  const t0 = performance.now()
  await migrate(b.db)
  await b.reopen()
  const [{ n }] = await b.db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues')
  if (keep && n === count) {
    const { compacted: rewritten } = await maintain(b.db, { lastLsn: null })
    log(
      `  ${engine}: kept database with ${count} issues, migrated and vacuumed${rewrote(rewritten)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )
    return b
  }
  if (n > 0) throw new Error(`the ${engine} bench database holds ${n} issues, not ${count}: drop it first`)
  const data = dongtang()
  await b.db.tx(async (q) => {
    await loadStreet(q, data)
    await loadIssues(q, data.street, generateIssues(data, { count, seed: 7, now: NOW }), (n) => {
      if (n % 100_000 === 0) log(`  loaded ${n}`)
    })
  })
  // The embedded engine's housekeeping pass (db/maintenance.ts), on either engine: VACUUM ANALYZE,
  // which marks the pages all-visible for index-only scans (autovacuum would do it a little later on
  // the server; PGlite has none), then the rollups the load's batches updated rewritten, as a server's administrator does after
  // an import (docs/deployment.md): the load, in one transaction, left them up to 50 times their size.
  const { compacted: rewritten } = await maintain(b.db, { lastLsn: null })
  log(`  ${engine}: ${count} issues loaded${rewrote(rewritten)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  return b
}

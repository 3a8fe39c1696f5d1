/** The benchmark's own database: fresh and dropped afterwards, or with `keep` the named one left in place. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Db, Engine } from '../../db/adapter.ts'
import { openPglite } from '../../db/pglite.ts'
import { openPostgres } from '../../db/postgres.ts'
import { SERVER } from '../analysis/db.ts'

export interface BenchDb {
  db: Db
  /** Reconnects, so sessions pick up database-level settings a migration made (jit = off). */
  reopen(): Promise<void>
  drop(): Promise<void>
}

export async function openDb(engine: Engine, keep: boolean): Promise<BenchDb> {
  if (engine === 'pglite') {
    const dir = keep ? join(tmpdir(), 'cgm-bench-assess') : await mkdtemp(join(tmpdir(), 'cgm-bench-assess-'))
    const b: BenchDb = {
      db: await openPglite(dir),
      reopen: async () => {},
      drop: async () => {
        await b.db.close()
        if (!keep) await rm(dir, { recursive: true, force: true })
      },
    }
    return b
  }
  const name = keep ? 'cgm_bench_assess' : `cgm_bench_assess_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: SERVER })
  await admin.connect()
  if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(SERVER)
  url.pathname = `/${name}`
  const b: BenchDb = {
    db: await openPostgres(url.toString()),
    reopen: async () => {
      await b.db.close()
      b.db = await openPostgres(url.toString())
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

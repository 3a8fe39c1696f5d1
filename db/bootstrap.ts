/** Start-up of the database: open, migrate, and seed the 东塘 data set into an empty database. */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { dongtang } from '../fixtures/dongtang/index.ts'
import { generateIssues } from '../fixtures/generate-issues.ts'
import type { Db } from './adapter.ts'
import { migrate } from './migrate.ts'
import { openDb } from './open.ts'
import { seedNeighbours } from './seed/neighbours.ts'
import { seedStreet } from './seed/index.ts'

/** Issues in the demo data set: one year, above the 2,240 the street reported rectifying. */
export const DEMO_ISSUES = 2600
/** The seed of the demo data set's generator, fixed so every install shows the same street. */
export const DEMO_SEED = 20171

export interface BootOptions {
  databaseUrl?: string
  /** Connections to databaseUrl (the server passes DATABASE_POOL's); openPostgres's 10 when not given (tests, benchmarks). */
  databasePool?: number
  dataDir?: string
  /** `district`: 东塘 and four synthetic neighbours (fixtures/district) */
  seed: 'dongtang' | 'district' | 'none'
  now: Date
  log?: (msg: string) => void
}

/**
 * Seeds the demo street (and with `district` its synthetic neighbours) unless the database already
 * holds a street; returns the issues written.
 */
export async function seedIfEmpty(
  db: Db,
  now: Date,
  log: (m: string) => void = () => {},
  seed: 'dongtang' | 'district' = 'dongtang',
): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM streets')
  if (n > 0) return 0
  const data = dongtang()
  const issues = generateIssues(data, { count: DEMO_ISSUES, seed: DEMO_SEED, now })
  let written = await seedStreet(db, data, issues, (k) => log(`seeding ${data.street.name}: ${k}/${DEMO_ISSUES} issues`))
  if (seed === 'district') written += await seedNeighbours(db, now, log)
  return written
}

/** Opens the configured database, brings its schema up to date and seeds it when asked. */
export async function bootDb(o: BootOptions): Promise<Db> {
  const log = o.log ?? (() => {})
  let dataDir: string | undefined
  if (!o.databaseUrl && o.dataDir) {
    dataDir = join(o.dataDir, 'pglite')
    await mkdir(dataDir, { recursive: true })
  }
  const db = await openDb({ databaseUrl: o.databaseUrl, pool: o.databasePool, dataDir })
  try {
    const applied = await migrate(db)
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`)
    if (o.seed !== 'none') await seedIfEmpty(db, o.now, log, o.seed)
    return db
  } catch (err) {
    await db.close()
    throw err
  }
}

/**
 * Prepares one seeded database per engine for the whole test run: a PGlite data directory that each
 * worker copies, and (when TEST_DATABASE_URL is set) a fresh database on the server, dropped after.
 *
 * Everything a test writes to the temporary directory (worker copies of the database, crash-test data
 * directories, backups, tile archives) lands in one directory of this run, removed at teardown: a
 * run leaves no gigabytes behind on a CI machine's disk.
 */
import { chmod, cp, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { bootDb } from '../bootstrap.ts'
import { ensureAccounts } from '../../api/auth/bootstrap.ts'
import { TEST_ADMIN_PASSWORD, TEST_NOW, TEST_PASSWORD_COST } from './constants.ts'

let runDir: string | undefined
let outerTmpdir: string | undefined
let serverDb: { admin: string; name: string } | undefined

async function preparePglite(): Promise<string> {
  const tmp = await mkdtemp(join(tmpdir(), 'cgm-test-'))
  const db = await bootDb({ dataDir: join(tmp, 'template'), seed: 'dongtang', now: TEST_NOW })
  await ensureAccounts(db, { adminPassword: TEST_ADMIN_PASSWORD, log: () => {}, passwordCost: TEST_PASSWORD_COST })
  await db.close()
  return join(tmp, 'template', 'pglite')
}

async function preparePostgres(adminUrl: string): Promise<string> {
  const name = `cgm_test_${process.pid}_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  serverDb = { admin: adminUrl, name }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const db = await bootDb({ databaseUrl: url.toString(), seed: 'dongtang', now: TEST_NOW })
  await ensureAccounts(db, { adminPassword: TEST_ADMIN_PASSWORD, log: () => {}, passwordCost: TEST_PASSWORD_COST })
  await db.close()
  return url.toString()
}

export async function setup() {
  // Vitest runs this once for the root and once per project, in one process: the first makes the
  // run's directory and the others write into it. Nested, their paths outgrew the 108 bytes of a
  // Unix socket's path, and Chromium could not start (its SingletonSocket lives in TMPDIR).
  if (!process.env.CGM_TEST_RUN) {
    const run = await mkdtemp(join(tmpdir(), 'cgm-run-'))
    await mkdir(join(run, 'tmp'))
    // Other users must reach their own directories in it: a test's own cluster runs as postgres.
    await chmod(run, 0o755)
    await chmod(join(run, 'tmp'), 0o755)
    outerTmpdir = process.env.TMPDIR
    // os.tmpdir() reads TMPDIR on every call, here and in the workers, which inherit this environment.
    process.env.TMPDIR = join(run, 'tmp')
    process.env.CGM_TEST_RUN = run
    runDir = run
  }
  // The databases too are prepared once per run: each took 10–20 s, three or four times over.
  if (process.env.CGM_PGLITE_TEMPLATE) return
  const [template, url] = await Promise.all([
    preparePglite(),
    process.env.TEST_DATABASE_URL ? preparePostgres(process.env.TEST_DATABASE_URL) : undefined,
  ])
  process.env.CGM_PGLITE_TEMPLATE = template
  if (url) process.env.CGM_PG_URL = url
}

export async function teardown() {
  // Only the setup that made the run's directory and databases removes them (the others' teardowns
  // touch nothing). The database goes first: a directory a worker was still leaving may refuse to
  // go at once (rm retries), and must not keep the database from being dropped.
  try {
    if (serverDb) {
      const admin = new pg.Client({ connectionString: serverDb.admin })
      await admin.connect()
      await admin.query(`DROP DATABASE IF EXISTS ${serverDb.name} WITH (FORCE)`)
      await admin.end()
    }
  } finally {
    if (runDir) {
      if (outerTmpdir === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = outerTmpdir
      delete process.env.CGM_TEST_RUN
      delete process.env.CGM_PGLITE_TEMPLATE
      delete process.env.CGM_PG_URL
      await rm(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
    }
  }
}

/** Copies the prepared PGlite template so a worker may write to its own database. */
export async function copyTemplate(template: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cgm-worker-'))
  await cp(template, dir, { recursive: true })
  return dir
}

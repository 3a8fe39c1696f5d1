/**
 * A database of a test file's own, migrated and empty, for tests that need several streets: the
 * shared test database holds only 东塘, and other tests rely on it being the only street.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Db } from '../adapter.ts'
import { bootDb } from '../bootstrap.ts'
import { TEST_NOW } from './constants.ts'

/** Opens a fresh database on this worker's engine; `drop` closes and removes it. */
export async function privateDb(): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (process.env.TEST_ENGINE === 'postgres') {
    const admin = process.env.TEST_DATABASE_URL
    if (!admin) throw new Error('TEST_ENGINE=postgres needs TEST_DATABASE_URL')
    const name = `cgm_private_${process.pid}_${Date.now().toString(36)}`
    const run = async (text: string) => {
      const c = new pg.Client({ connectionString: admin })
      await c.connect()
      await c.query(text).finally(() => c.end())
    }
    await run(`CREATE DATABASE ${name}`)
    const url = new URL(admin)
    url.pathname = `/${name}`
    const db = await bootDb({ databaseUrl: url.toString(), seed: 'none', now: TEST_NOW })
    return { db, drop: async () => (await db.close(), await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) }
  }
  const dir = await mkdtemp(join(tmpdir(), 'cgm-private-'))
  const db = await bootDb({ dataDir: dir, seed: 'none', now: TEST_NOW })
  return { db, drop: async () => (await db.close(), await rm(dir, { recursive: true, force: true })) }
}

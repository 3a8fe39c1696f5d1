/** Chooses the engine: a server when a URL is given, the embedded database otherwise. */
import type { Db } from './adapter.ts'
import { openPglite } from './pglite.ts'
import { openPostgres } from './postgres.ts'

export async function openDb(opts: { databaseUrl?: string; pool?: number; dataDir?: string }): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.pool) : openPglite(opts.dataDir)
}

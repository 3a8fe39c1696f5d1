/** Applies db/migrations/NNNN_*.sql in order, each once and each in its own transaction. */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Db } from './adapter.ts'

const DIR = fileURLToPath(new URL('./migrations/', import.meta.url))

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`migration ${file} failed and was rolled back: ${(cause as Error).message}`, { cause })
  }
}

/** Applies every pending migration; returns the names it applied. */
export async function migrate(db: Db, dir = DIR): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`)
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name))
  const files = (await readdir(dir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()
  const applied: string[] = []
  for (const file of files) {
    if (done.has(file)) continue
    const sql = await readFile(join(dir, file), 'utf8')
    try {
      await db.tx(async (q) => {
        await q.exec(sql)
        await q.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file])
      })
    } catch (err) {
      throw new MigrationError(file, err)
    }
    applied.push(file)
  }
  // Tables created since are watched by the read cache's data version (0120_watch_data_changes.sql).
  if (applied.length) {
    const [w] = await db.query<{ ok: boolean }>("SELECT to_regproc('watch_data_tables') IS NOT NULL AS ok")
    if (w.ok) await db.query('SELECT watch_data_tables()')
  }
  return applied
}

import { PGlite } from '@electric-sql/pglite'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrate, MigrationError } from './migrate.ts'
import { wrapPglite } from './pglite.ts'

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cgm-mig-'))
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
  return dir
}

// A plain PGlite (no PostGIS) is enough to test the migrator itself, and starts in a second.
describe('migrate', () => {
  it('applies pending files once each, in order, and a failed one leaves the database as it was', async () => {
    const db = wrapPglite(await PGlite.create())
    const dir = await dirWith({
      '0001_create_a.sql': 'CREATE TABLE a (x int); INSERT INTO a VALUES (1);',
      '0002_create_b.sql': 'CREATE TABLE b (x int); INSERT INTO b VALUES (1); SELECT 1/0;',
      'notes.txt': 'not a migration',
    })
    const err = await migrate(db, dir).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MigrationError)
    expect((err as Error).message).toContain('0002_create_b.sql')
    const tables = await db.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    expect(tables.map((r) => r.t)).toEqual(['a', 'schema_migrations'])
    expect(await db.query('SELECT name FROM schema_migrations')).toEqual([{ name: '0001_create_a.sql' }])

    await writeFile(join(dir, '0002_create_b.sql'), 'CREATE TABLE b (x int);')
    expect(await migrate(db, dir)).toEqual(['0002_create_b.sql'])
    expect(await migrate(db, dir)).toEqual([])
    expect(await db.query('SELECT count(*)::int AS n FROM a')).toEqual([{ n: 1 }])
    await db.close()
  })
})

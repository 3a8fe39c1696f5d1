import { cp, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { openPglite } from '../pglite.ts'
import { openPostgres } from '../postgres.ts'
import { tableDigests } from './digest.ts'
import { backupEmbedded, restoreEmbedded } from './embedded.ts'
import { backupServer, restoreServer } from './server.ts'

async function digestOfPglite(dir: string) {
  const db = await openPglite(dir)
  try {
    return await tableDigests(db)
  } finally {
    await db.close()
  }
}

describe('backup and restore', () => {
  it.skipIf(process.env.TEST_ENGINE !== 'pglite')('round-trips the embedded database table for table', async () => {
    const work = await mkdtemp(join(tmpdir(), 'cgm-backup-'))
    const source = join(work, 'source')
    await cp(process.env.CGM_PGLITE_TEMPLATE!, source, { recursive: true })
    const before = await digestOfPglite(source)
    expect(Number(before.issues.split(':')[0])).toBeGreaterThan(2000)
    const file = join(work, 'b.tar.gz')
    expect(await backupEmbedded(source, file)).toBeGreaterThan(1000)

    // Restoring over an existing database keeps the old one aside instead of deleting it.
    const target = join(work, 'target')
    await cp(process.env.CGM_PGLITE_TEMPLATE!, target, { recursive: true })
    const kept = await restoreEmbedded(file, target, 1)
    expect(kept).toBe(`${target}.before-restore-1`)
    expect(await digestOfPglite(target)).toEqual(before)
    expect(Object.keys(await digestOfPglite(kept!))).toContain('issues')
  })

  it.skipIf(process.env.TEST_ENGINE !== 'postgres')('round-trips the server database table for table', async () => {
    const src = process.env.CGM_PG_URL!
    const admin = new pg.Client({ connectionString: src })
    await admin.connect()
    const name = `cgm_restore_${Date.now().toString(36)}`
    await admin.query(`CREATE DATABASE ${name}`)
    const dst = new URL(src)
    dst.pathname = `/${name}`
    try {
      const file = join(await mkdtemp(join(tmpdir(), 'cgm-pgdump-')), 'b.dump')
      const a = await openPostgres(src, 1)
      const before = await tableDigests(a)
      expect(await backupServer(src, file)).toBeGreaterThan(1000)
      await restoreServer(file, dst.toString())
      const b = await openPostgres(dst.toString(), 1)
      const after = await tableDigests(b)
      await b.close()
      // Other test files may have written meanwhile; compare against a fresh digest of the source too.
      const now = await tableDigests(a)
      await a.close()
      expect([before, now]).toContainEqual(after)
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    }
  })
})

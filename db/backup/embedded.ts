/** Backup and restore of the embedded database: PGlite's own data-directory dump (tar.gz). */
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { existsSync, readdirSync } from 'node:fs'
import { readFile, rename, writeFile } from 'node:fs/promises'

/** Writes a consistent dump of a closed data directory to `file`; returns its size in bytes. */
export async function backupEmbedded(dataDir: string, file: string): Promise<number> {
  if (!existsSync(dataDir)) throw new Error(`no embedded database at ${dataDir}`)
  const pg = await PGlite.create({ dataDir, extensions: { postgis } })
  try {
    const dump = await pg.dumpDataDir('gzip')
    const bytes = Buffer.from(await dump.arrayBuffer())
    await writeFile(file, bytes)
    return bytes.length
  } finally {
    await pg.close()
  }
}

/**
 * Restores a dump into `dataDir`. An existing database there is moved aside (never deleted), and
 * its new name is returned so the operator can find it.
 */
export async function restoreEmbedded(file: string, dataDir: string, stamp = Date.now()): Promise<string | null> {
  const blob = new Blob([await readFile(file)])
  let kept: string | null = null
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    kept = `${dataDir}.before-restore-${stamp}`
    await rename(dataDir, kept)
  }
  const pg = await PGlite.create({ dataDir, loadDataDir: blob, extensions: { postgis } })
  await pg.query('SELECT 1')
  await pg.close()
  return kept
}

/** `npm run backup [-- FILE]`: a backup of the configured database (embedded or server). */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../api/config.ts'
import { backupEmbedded } from '../db/backup/embedded.ts'
import { assertNotHeld } from '../db/backup/lock.ts'
import { backupServer } from '../db/backup/server.ts'

const config = loadConfig(process.env)
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
const defaultDir = join(config.dataDir, 'backups')
const file = process.argv[2] ?? join(defaultDir, `civic-grid-${stamp}.${config.databaseUrl ? 'dump' : 'tar.gz'}`)
if (!process.argv[2]) mkdirSync(defaultDir, { recursive: true })

try {
  let bytes: number
  if (config.databaseUrl) {
    bytes = await backupServer(config.databaseUrl, file)
  } else {
    assertNotHeld(config.dataDir)
    bytes = await backupEmbedded(join(config.dataDir, 'pglite'), file)
  }
  console.log(`backup written: ${file} (${(bytes / 1024 / 1024).toFixed(1)} MiB)`)
} catch (err) {
  console.error(`backup failed: ${(err as Error).message}`)
  process.exit(1)
}

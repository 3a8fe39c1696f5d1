/** `npm run restore -- FILE`: restores a backup into the configured database; nothing is deleted. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../api/config.ts'
import { restoreEmbedded } from '../db/backup/embedded.ts'
import { assertNotHeld } from '../db/backup/lock.ts'
import { restoreServer } from '../db/backup/server.ts'

const config = loadConfig(process.env)
const file = process.argv[2]
if (!file || !existsSync(file)) {
  console.error(`usage: npm run restore -- FILE (a file written by npm run backup)${file ? `; no such file: ${file}` : ''}`)
  process.exit(2)
}

try {
  if (config.databaseUrl) {
    await restoreServer(file, config.databaseUrl)
    console.log(`restored ${file} into the server database`)
  } else {
    assertNotHeld(config.dataDir)
    const kept = await restoreEmbedded(file, join(config.dataDir, 'pglite'))
    console.log(`restored ${file} into ${config.dataDir}${kept ? `; the previous database was kept at ${kept}` : ''}`)
  }
} catch (err) {
  console.error(`restore failed, nothing was changed: ${(err as Error).message}`)
  process.exit(1)
}

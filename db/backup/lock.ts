/**
 * The embedded database may be opened by one process only. The server records its pid in
 * DATA_DIR/server.pid; offline tools (backup, restore) refuse to run while that process lives.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const pidFile = (dataDir: string) => join(dataDir, 'server.pid')

/** Records this process as the owner of the embedded database; returns a release function. */
export function holdDataDir(dataDir: string): () => void {
  writeFileSync(pidFile(dataDir), String(process.pid))
  return () => rmSync(pidFile(dataDir), { force: true })
}

/** Throws when a live server holds the data directory. */
export function assertNotHeld(dataDir: string): void {
  if (!existsSync(pidFile(dataDir))) return
  const pid = Number(readFileSync(pidFile(dataDir), 'utf8'))
  try {
    process.kill(pid, 0)
  } catch {
    return // a stale file from a crashed server: the database is free
  }
  throw new Error(`the server (pid ${pid}) is using ${dataDir}; stop it first (Ctrl-C on npm start)`)
}

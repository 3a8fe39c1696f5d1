/**
 * Starts the real server (`tsx api/server.ts`) as a child process on a free port over a private copy
 * of the prepared test database, so the browser tests exercise exactly what `npm start` runs.
 */
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnServer } from '../../db/testing/server-process.ts'

export type RunningServer = { url: string; stop: () => Promise<void>; log: () => string }

/** Builds dist/web when it is missing or older than web/ (the same script `npm start` runs). */
export function ensureWebBuild(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-web-build.ts'], { stdio: 'inherit' })
}

/** Copies the PGlite template into a fresh DATA_DIR and starts the server on it with SEED=none. */
export async function startServer(template: string): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cgm-e2e-'))
  await cp(template, join(dataDir, 'pglite'), { recursive: true })
  // The e2e server always runs on the embedded engine over its own copy.
  const server = await spawnServer({ DATA_DIR: dataDir, SEED: 'none' }).catch(async (err: unknown) => {
    await rm(dataDir, { recursive: true, force: true })
    throw err
  })
  const stop = async () => {
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
  return { url: server.url, stop, log: server.log }
}

/**
 * Starts the real server (`tsx api/server.ts`) as a child process on a free port over a private copy
 * of the prepared test database, so the browser tests exercise exactly what `npm start` runs.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type RunningServer = { url: string; stop: () => Promise<void>; log: () => string }

/** Asks the OS for a port nobody is listening on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.unref()
    s.on('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

/** Builds dist/web when it is missing or older than web/ (the same script `npm start` runs). */
export function ensureWebBuild(): void {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/ensure-web-build.ts'], { stdio: 'inherit' })
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`)
    const ok = await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false)
    if (ok) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${log()}`)
}

/** Copies the PGlite template into a fresh DATA_DIR and starts the server on it with SEED=none. */
export async function startServer(template: string): Promise<RunningServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'cgm-e2e-'))
  await cp(template, join(dataDir, 'pglite'), { recursive: true })
  const port = await freePort()
  // No DATABASE_URL: the e2e server always runs on the embedded engine over its own copy.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, SEED: 'none', DATABASE_URL: '' }
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()))
  const log = () => out
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    await rm(dataDir, { recursive: true, force: true })
  }
  try {
    await waitForHealth(url, child, log, 90_000)
  } catch (err) {
    await stop()
    throw err
  }
  return { url, stop, log }
}

/**
 * The real server (`api/server.ts`) as a child process on a free port, for tests that need what
 * `npm start` runs: browsers, crashes, restarts.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

export type ServerProcess = {
  url: string
  child: ChildProcess
  log: () => string
  /** Stops the process with a signal and waits for it to exit (SIGKILL after 5 s). */
  stop: (signal?: NodeJS.Signals) => Promise<void>
}

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

async function waitForHealth(url: string, child: ChildProcess, log: () => string, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`)
    if (
      await fetch(`${url}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${log()}`)
}

/** Starts the server with the given environment (DATA_DIR or DATABASE_URL, SEED …) and waits for health. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  // a fixed PORT in `env` (a test that restarts the server on the same origin), else a free one
  const port = env.PORT ? Number(env.PORT) : await freePort()
  const full: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', ...env }
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], { env: full, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()))
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()))
  const log = () => out
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((r) => child.once('exit', r))
    child.kill(signal)
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  const url = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(url, child, log, 90_000)
  } catch (err) {
    await stop('SIGKILL')
    throw err
  }
  return { url, child, log, stop }
}

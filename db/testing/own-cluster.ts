/**
 * A PostgreSQL cluster of the test's own (initdb in a temporary directory, pg_ctl to start, stop and
 * restart it), for fault tests that must stop a server: the shared server of the other tests is
 * never touched. Uses the PostgreSQL 15 binaries (postgresql-15-postgis-3, which .ci/run installs);
 * as root, the server runs as the `postgres` system user (initdb refuses root).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createServer } from 'node:net'

const run = promisify(execFile)
const BIN = process.env.CGM_PG_BIN ?? '/usr/lib/postgresql/15/bin'
/** Ports tried in turn for the cluster (this project's range for extra clusters); CGM_OWN_PG_PORT picks one. */
const PORTS = process.env.CGM_OWN_PG_PORT ? [Number(process.env.CGM_OWN_PG_PORT)] : [5442, 5443, 5444, 5445, 5446, 5447, 5448, 5449]

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0

/** Whether this machine can run a cluster of the test's own (the binaries, and a non-root user to run them). */
export function canOwnCluster(): boolean {
  return existsSync(join(BIN, 'initdb')) && existsSync(join(BIN, 'pg_ctl')) && (!asRoot || existsSync('/usr/sbin/runuser'))
}

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
async function pgBin(name: string, args: string[]): Promise<string> {
  const [cmd, full] = asRoot ? ['/usr/sbin/runuser', ['-u', 'postgres', '--', join(BIN, name), ...args]] : [join(BIN, name), args]
  const { stdout } = await run(cmd, full, { maxBuffer: 16 * 1024 * 1024 })
  return stdout
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })
}

export type OwnCluster = {
  port: number
  dir: string
  /** postgres://postgres@127.0.0.1:port/<db> (trust authentication, loopback only). */
  url: (db?: string) => string
  start: () => Promise<void>
  /** `fast` ends every session and rolls back open transactions, as a restart for an upgrade does. */
  stop: (mode?: 'fast' | 'immediate') => Promise<void>
  restart: () => Promise<void>
  /** Stops the server (if running) and removes its directory. */
  destroy: () => Promise<void>
  /** The server's log (startup, shutdown, errors). */
  logFile: string
}

/** A free port of the range, trying from a random one (two test files starting clusters at once rarely pick the same). */
async function freeOwnPort(ports = PORTS): Promise<number> {
  const from = Math.floor(Math.random() * ports.length)
  for (let i = 0; i < ports.length; i++) {
    const p = ports[(from + i) % ports.length]
    if (await portFree(p)) return p
  }
  throw new Error(`no free port in ${ports.join(', ')}`)
}

/** Where a test's clusters listen: `ports` to try instead of the default range (a test file's own range). */
export type ClusterOptions = { ports?: number[] }

async function ownDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cgm-own-pg-'))
  if (asRoot) await run('chown', ['postgres:postgres', dir])
  return dir
}

/** Creates (initdb) a cluster on a free port of the project's range; not started. */
export async function createOwnCluster(extraConf: string[] = [], opts: ClusterOptions = {}): Promise<OwnCluster> {
  const dir = await ownDir()
  await pgBin('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'])
  return clusterAt(dir, await freeOwnPort(opts.ports), extraConf)
}

/**
 * A hot standby of a running cluster: pg_basebackup (-R writes standby.signal and
 * primary_conninfo, so it streams from the primary), on the next free port; not started.
 */
export async function createStandby(primary: OwnCluster, opts: ClusterOptions = {}): Promise<OwnCluster> {
  const dir = await ownDir()
  await pgBin('pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    join(dir, 'data'),
    '-X',
    'stream',
    '-R',
    // An immediate checkpoint: the default spread one keeps a backup of a new cluster waiting minutes.
    '-c',
    'fast',
    '--no-sync',
  ])
  // The primary holds its port; the next free one is the standby's.
  return clusterAt(dir, await freeOwnPort(opts.ports), ['hot_standby=on'])
}

function clusterAt(dir: string, port: number, extraConf: string[]): OwnCluster {
  const data = join(dir, 'data')
  const logFile = join(dir, 'server.log')
  // Loopback only, the socket in the cluster's own directory, small and quick to start.
  const opts = [
    `-p ${port}`,
    `-c listen_addresses=127.0.0.1`,
    `-c unix_socket_directories=${dir}`,
    `-c shared_buffers=32MB`,
    `-c max_connections=100`,
    `-c fsync=on`,
    ...extraConf.map((c) => `-c ${c}`),
  ].join(' ')
  const ctl = (args: string[]) => pgBin('pg_ctl', ['-D', data, '-w', '-t', '60', ...args])
  let running = false
  const c: OwnCluster = {
    port,
    dir,
    logFile,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    start: async () => {
      await ctl(['-l', logFile, '-o', opts, 'start'])
      running = true
    },
    stop: async (mode = 'fast') => {
      await ctl(['-m', mode, 'stop'])
      running = false
    },
    restart: async () => {
      await ctl(['-l', logFile, '-o', opts, '-m', 'fast', 'restart'])
      running = true
    },
    destroy: async () => {
      if (running) await c.stop('immediate').catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
  return c
}

/**
 * `WORKERS=N npm start` (N > 1, with DATABASE_URL): N API processes on one port through Node's
 * cluster module. The primary migrates, seeds and creates accounts once, then forks the workers
 * (each runs api/server.ts as a single process would) and starts a new one when one dies. What
 * the processes share lives in the database: sessions, login limits, live events (LISTEN/NOTIFY,
 * api/stream/bus.ts), the read cache's data version, the escalation's batches one street at a time
 * (an advisory lock per street).
 */
import cluster, { type Worker } from 'node:cluster'
import { bootDb } from '../db/bootstrap.ts'
import { underBootLock } from '../db/boot-lock.ts'
import { ensureAccounts } from './auth/bootstrap.ts'
import type { Config } from './config.ts'

/** The number of processes asked for: WORKERS, 1 when unset. */
export function workersWanted(env: NodeJS.ProcessEnv): number {
  const n = Number(env.WORKERS ?? '1')
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WORKERS must be a whole number from 1 to 64, got ${env.WORKERS}`)
  return n
}

/** Runs the primary: prepares the database, forks `n` workers, replaces dead ones, ends them on a signal. */
export async function runPrimary(n: number, config: Config, log: (m: string) => void): Promise<void> {
  if (!config.databaseUrl) throw new Error('WORKERS > 1 needs DATABASE_URL: the embedded database serves one process')
  await underBootLock(config.databaseUrl, async () => {
    const db = await bootDb({ ...config, now: new Date(), log })
    await ensureAccounts(db, { adminPassword: config.adminPassword, log })
    await db.close()
  })
  let stopping = false
  const fork = (): Worker => cluster.fork({ CGM_CLUSTER_WORKER: '1' })
  cluster.on('exit', (w, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
      return
    }
    log(`worker ${w.process.pid} ended (${signal ?? code}); starting another`)
    setTimeout(fork, 500)
  })
  for (let i = 0; i < n; i++) fork()
  log(`${n} worker processes`)
  const stop = (signal: NodeJS.Signals) => {
    stopping = true
    log(`${signal}: stopping the workers`)
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal)
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

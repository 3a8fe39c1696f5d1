/** The one process: reads the environment, opens the database, serves the API and the web app. */
import { serve } from '@hono/node-server'
import cluster from 'node:cluster'
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { assertNotHeld, holdDataDir } from '../db/backup/lock.ts'
import { bootDb } from '../db/bootstrap.ts'
import { underBootLock } from '../db/boot-lock.ts'
import { startMaintenance } from '../db/maintenance.ts'
import { openReplica } from '../db/replica.ts'
import { buildApp } from './app.ts'
import { ensureAccounts } from './auth/bootstrap.ts'
import { runPrimary, workersWanted } from './cluster.ts'
import { loadConfig } from './config.ts'
import { publicSurface } from './public/surface.ts'
import { startEscalation } from './deadlines/escalate.ts'
import { warmConnections } from './load/warm.ts'

const t0 = performance.now()
const config = loadConfig(process.env)
const log = (m: string) => console.log(`[civic-grid${cluster.isWorker ? ` ${process.pid}` : ''}] ${m}`)

// WORKERS=N: this process only prepares the database and keeps N worker processes running (api/cluster.ts).
if (cluster.isPrimary && workersWanted(process.env) > 1) {
  await runPrimary(workersWanted(process.env), config, log).catch((err: Error) => {
    console.error(`[civic-grid] start-up failed: ${err.message}`)
    process.exit(1)
  })
  // The workers serve; the primary never goes on to open a server of its own.
  await new Promise<never>(() => {})
}
const engine = config.databaseUrl ? 'PostgreSQL server' : `embedded PGlite in ${config.dataDir}`
log(`opening ${engine}`)

// The embedded database takes one process at a time; a second server or a backup must not open it.
let release = () => {}
if (!config.databaseUrl) {
  try {
    mkdirSync(config.dataDir, { recursive: true })
    assertNotHeld(config.dataDir)
    release = holdDataDir(config.dataDir)
  } catch (err) {
    console.error(`[civic-grid] ${(err as Error).message}`)
    process.exit(1)
  }
}
// Processes starting together on one server database prepare it one after the other (db/boot-lock.ts).
const db = await underBootLock(config.databaseUrl, async () => {
  const opened = await bootDb({ ...config, now: new Date(), log })
  await ensureAccounts(opened, { adminPassword: config.adminPassword, log })
  return opened
}).catch((err: Error) => {
  console.error(`[civic-grid] start-up failed: ${err.message}`)
  release()
  process.exit(1)
})

const built = fileURLToPath(new URL('../dist/web/', import.meta.url))
const webRoot = existsSync(built) ? built : undefined
// DATABASE_REPLICA_URL: aggregate reads from a hot standby while it keeps up (db/replica.ts).
const reads = config.replicaUrl ? await openReplica(db, config.replicaUrl, log) : undefined
const app = buildApp({ db, config, now: () => new Date(), reads }, { webRoot })
// Every connection plans the report's statements and triggers once, before the server answers
// rather than in front of its first users (api/load/warm.ts).
if (config.warmConnections) await warmConnections(db, () => new Date(), log)
// 催办/督办: one pass a minute over every street's open issues, writing events and pushing them live.
const stopEscalation = startEscalation(db, () => new Date())
// The embedded database has no autovacuum: the server vacuums it after writes (a server does its own).
const stopMaintenance = db.engine === 'pglite' ? startMaintenance(db, log) : () => {}
const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  log(`ready in ${((performance.now() - t0) / 1000).toFixed(1)} s → http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${info.port}/`)
})
// PUBLIC_PORT: a second listener for the internet-facing side, serving only the resident surface.
const publicServer =
  config.publicPort === undefined
    ? undefined
    : serve({ fetch: publicSurface(app, { webRoot }).fetch, port: config.publicPort, hostname: config.publicHost }, (info) => {
        log(`resident surface (/report, /api/v1/public/*) → http://${config.publicHost}:${info.port}/report`)
      })
// Idle keep-alive sockets stay open longer than Node's 5 s: a client (a reverse proxy, a script)
// that reuses one just as the server closes it gets a reset instead of an answer; proxies in front
// usually keep theirs 60 s, so the server outlasts them. headersTimeout must exceed it.
for (const s of [server, publicServer]) {
  if (s && 'keepAliveTimeout' in s) {
    s.keepAliveTimeout = 65_000
    s.headersTimeout = 66_000
  }
}

async function shutdown(signal: string) {
  log(`${signal}: closing`)
  stopEscalation()
  stopMaintenance()
  server.close()
  publicServer?.close()
  await reads?.close()
  await db.close()
  release()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))

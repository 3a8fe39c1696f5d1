/**
 * Closed-loop benchmark on the PostgreSQL server (a fresh database, dropped afterwards):
 *  1. create-issue latency over loopback HTTP (validation, spatial assignment, deadline, event, push);
 *  2. 1,000 connected SSE clients: time from the server publishing a new issue to each client
 *     receiving it (and from the start of the create request), while the creates keep running.
 * The clients run in a child process (their own event loop) on the same machine; times are absolute
 * (performance.timeOrigin + now()) so both processes compare them.
 */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import pg from 'pg'
import { buildApp } from '../../api/app.ts'
import { ensureAccounts } from '../../api/auth/bootstrap.ts'
import { INSERT_TOKEN } from '../../api/auth/queries.ts'
import { newSecret, secretHash } from '../../api/auth/secret.ts'
import { resolveStreet } from '../../api/filters.ts'
import { loadConfig } from '../../api/config.ts'
import { busFor } from '../../api/stream/bus.ts'
import { bootDb } from '../../db/bootstrap.ts'
import { fork } from 'node:child_process'
import { summary } from './stats.ts'

const ADMIN = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres'
const CLIENTS = Number(process.env.BENCH_SSE_CLIENTS ?? 1000)
const CREATES = Number(process.env.BENCH_CREATES ?? 500)
const UPDATES = Number(process.env.BENCH_SSE_UPDATES ?? 30)
const abs = () => performance.timeOrigin + performance.now()
const CATEGORIES = ['clutter', 'flyposting', 'exposed_garbage', 'street_vending', 'bike_parking', 'noise']

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

const name = `cgm_bench_loop_${process.pid}`
const url = new URL(ADMIN)
url.pathname = `/${name}`
await admin(`CREATE DATABASE ${name}`)
try {
  const now = new Date()
  const db = await bootDb({ databaseUrl: url.toString(), seed: 'dongtang', now })
  const points = await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT (ST_Dump(ST_GeneratePoints(geom, 20, 7))).geom AS p FROM grids) s',
  )
  // Reports need a signed-in user: the bench posts as a machine client, with an inspector's API token.
  await ensureAccounts(db, { adminPassword: newSecret(), log: () => {} })
  const token = newSecret()
  await db.query(INSERT_TOKEN, [await resolveStreet(db), 'bench', secretHash(token), 'inspector', 'admin', new Date(now.getTime() + 86_400_000)])
  const app = buildApp({
    db,
    config: loadConfig({ SEED: 'none', STREAM_MAX_PER_ADDRESS: String(CLIENTS), STREAM_MAX_TOTAL: String(CLIENTS) }),
    now: () => new Date(),
  })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const port = (server.address() as AddressInfo).port
  let k = 0
  const create = async () => {
    const p = points[k % points.length]
    const body = { lon: p.lon, lat: p.lat, category: CATEGORIES[k++ % CATEGORIES.length], description: `bench ${k}` }
    const t0 = abs()
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/issues`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    })
    const json = (await res.json()) as { id: number }
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(json)}`)
    return { id: json.id, t0, ms: abs() - t0 }
  }

  for (let w = 0; w < 50; w++) await create() // warm-up: JIT, pool connections, plan caches
  const createMs: number[] = []
  for (let n = 0; n < CREATES; n++) createMs.push((await create()).ms)
  console.log(`create-issue, PostgreSQL server, sequential, no stream clients: ${JSON.stringify(summary(createMs))} ms`)

  const published = new Map<number, number>()
  busFor(db).subscribe((m) => {
    if (m.event !== 'issue') return
    const d = m.data as { issue_id?: number; action?: string }
    if (d.action === 'report' && d.issue_id && !published.has(d.issue_id)) published.set(d.issue_id, abs())
  })
  const child = fork(new URL('./sse-child.ts', import.meta.url), [String(port), String(CLIENTS)], { execArgv: ['--import', 'tsx'] })
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve())
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`stream clients exited with ${code}`)))
  })
  await new Promise((r) => setTimeout(r, 500))
  console.log(`stream clients connected: ${busFor(db).size - 1}`)
  const started = new Map<number, number>()
  const createDuring: number[] = []
  for (let u = 0; u < UPDATES; u++) {
    const r = await create()
    started.set(r.id, r.t0)
    createDuring.push(r.ms)
    await new Promise((res) => setTimeout(res, 150))
  }
  await new Promise((r) => setTimeout(r, 1000))
  child.removeAllListeners('exit')
  child.send({ type: 'collect' })
  const arrivals = await new Promise<Map<number, number[]>>((resolve) =>
    child.on('message', (m: { type: string; arrivals: [number, number[]][] }) => m.type === 'arrivals' && resolve(new Map(m.arrivals))),
  )
  const fromPublish: number[] = []
  const fromRequest: number[] = []
  let missing = 0
  for (const [id, t0] of started) {
    const got = arrivals.get(id) ?? []
    missing += CLIENTS - got.length
    for (const t of got) {
      fromPublish.push(t - published.get(id)!)
      fromRequest.push(t - t0)
    }
  }
  console.log(`SSE delivery to ${CLIENTS} clients, publish → received: ${JSON.stringify(summary(fromPublish))} ms; missing ${missing}`)
  console.log(`SSE delivery, create request start → received: ${JSON.stringify(summary(fromRequest))} ms`)
  console.log(`create-issue while ${CLIENTS} clients are connected: ${JSON.stringify(summary(createDuring))} ms`)
  await new Promise((r) => server.close(r))
  await db.close()
} catch (err) {
  console.error(`closed-loop bench failed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

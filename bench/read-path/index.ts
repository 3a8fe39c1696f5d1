/**
 * The read path under load (autocannon, 50 connections) on both engines, against a bare Hono app
 * measured in the same run and interleaved with it, so a busy moment on the shared machine hits
 * both: cached aggregates (anonymous wall display and a signed-in leader), uncached /stats/grids
 * with a filter (the request's `Cache-Control: no-cache`), and a mixed load of 90 % reads across
 * endpoints and 10 % writes (new issues). Prints medians over rounds and same-run ratios.
 *
 * BENCH_SECONDS (5) per measurement, BENCH_ROUNDS (3), BENCH_ENGINES (pglite,postgres),
 * BENCH_SCENARIOS (all): comma-separated words, a scenario runs when its label contains one of them
 * (e.g. `mixed` or `cached,uncached`). BENCH_DATABASE_URL or TEST_DATABASE_URL: the server on which a
 * throw-away database is created. BENCH_WORKERS: API processes on the server engine (WORKERS).
 */
import { pointOnFeature } from '@turf/turf'
import autocannon from 'autocannon'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { FeatureCollection, Polygon } from 'geojson'
import { freePort, spawnServer } from '../../db/testing/server-process.ts'
import { signIn } from '../analysis/server-copy.ts'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONNECTIONS = 50
const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',')
const ONLY = process.env.BENCH_SCENARIOS?.split(',').filter(Boolean)
const SERVER = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL
const PASSWORD = 'bench-admin-password-read-path'
/** BENCH_WORKERS: the server engine's API processes (`WORKERS`); unset, one. */
const WORKERS = process.env.BENCH_WORKERS

interface Figures {
  rps: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

type Req = { method?: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: string }

async function load(url: string, pick: () => Req): Promise<Figures> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (req) => ({ ...req, ...pick() }) }],
  })
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function startBare(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/read-path/bare.ts'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()))
  return { url: `http://127.0.0.1:${port}`, child }
}

/** The requests of each scenario, given a signed-in cookie and points inside the grids. */
function scenarios(cookie: string, points: number[][], gridCode: string) {
  const reads = [
    '/api/v1/stats/summary',
    '/api/v1/stats/grids',
    '/api/v1/stats/communities',
    '/api/v1/indicators',
    '/api/v1/layers/grids',
    `/api/v1/stats/grids?category=clutter,noise&grid=${gridCode}`,
  ]
  let k = 0
  const categories = ['clutter', 'flyposting', 'exposed_garbage', 'street_vending', 'bike_parking', 'noise']
  return {
    'cached, anonymous (wall display)': (): Req => ({ path: '/api/v1/stats/summary' }),
    'cached, signed-in leader': (): Req => ({ path: '/api/v1/stats/summary', headers: { cookie } }),
    'uncached /stats/grids?category': (): Req => ({
      path: `/api/v1/stats/grids?category=${categories[k++ % categories.length]}`,
      headers: { cookie, 'cache-control': 'no-cache' },
    }),
    'mixed 90 % reads / 10 % writes': (): Req => {
      const n = k++
      if (n % 10 === 9) {
        const [lon, lat] = points[n % points.length]
        return {
          method: 'POST',
          path: '/api/v1/issues',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ lon, lat, category: categories[n % categories.length], description: 'bench: read-path mixed load' }),
        }
      }
      return { method: 'GET', path: reads[n % reads.length], headers: { cookie } }
    },
  }
}

const fmt = (f: Figures) =>
  `${Math.round(f.rps).toString().padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  errors ${f.errors}  non-2xx ${f.non2xx}`

async function engine(name: string, bare: string): Promise<void> {
  let db: { env: Record<string, string>; drop: () => Promise<void> }
  if (name === 'pglite') {
    const dir = await mkdtemp(join(tmpdir(), 'cgm-bench-read-'))
    db = { env: { DATA_DIR: dir }, drop: () => rm(dir, { recursive: true, force: true }) }
  } else {
    if (!SERVER) throw new Error('BENCH_DATABASE_URL or TEST_DATABASE_URL names the server for the postgres engine')
    const dbName = `cgm_scale_bench_${process.pid}`
    const admin = new pg.Client({ connectionString: SERVER })
    await admin.connect()
    await admin.query(`CREATE DATABASE ${dbName}`)
    await admin.end()
    const u = new URL(SERVER)
    u.pathname = `/${dbName}`
    db = {
      env: { DATABASE_URL: u.toString() },
      drop: async () => {
        const a = new pg.Client({ connectionString: SERVER })
        await a.connect()
        await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
        await a.end()
      },
    }
  }
  const workers: Record<string, string> = name === 'postgres' && WORKERS ? { WORKERS } : {}
  const server = await spawnServer({ ...db.env, ...workers, SEED: 'dongtang', PUBLIC_READS: 'true', ADMIN_PASSWORD: PASSWORD })
  try {
    const cookie = await signIn(server.url, PASSWORD)
    const grids = (await (await fetch(`${server.url}/api/v1/layers/grids`)).json()) as FeatureCollection<Polygon, { code: string }>
    const points = grids.features.map((f) => pointOnFeature(f).geometry.coordinates)
    const table = Object.fromEntries(
      Object.entries(scenarios(cookie, points, grids.features[0].properties.code)).filter(([label]) => !ONLY || ONLY.some((w) => label.includes(w))),
    )
    const bareRuns: Figures[] = []
    const runs = new Map<string, Figures[]>()
    // Warm both (JIT, caches, connections) before measuring.
    await load(bare, () => ({ path: '/' }))
    for (const pick of Object.values(table)) await load(server.url, pick)
    for (let r = 0; r < ROUNDS; r++) {
      bareRuns.push(await load(bare, () => ({ path: '/' })))
      for (const [label, pick] of Object.entries(table)) {
        const f = await load(server.url, pick)
        runs.set(label, [...(runs.get(label) ?? []), f])
      }
    }
    const bareRps = median(bareRuns.map((f) => f.rps))
    console.log(
      `\n${name}${workers.WORKERS ? ` (WORKERS=${workers.WORKERS})` : ''}: medians of ${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections`,
    )
    console.log(
      `  ${'bare Hono app'.padEnd(34)} ${fmt({ rps: bareRps, p50: median(bareRuns.map((f) => f.p50)), p99: median(bareRuns.map((f) => f.p99)), errors: 0, non2xx: 0 })}`,
    )
    for (const [label, fs] of runs) {
      const m: Figures = {
        rps: median(fs.map((f) => f.rps)),
        p50: median(fs.map((f) => f.p50)),
        p99: median(fs.map((f) => f.p99)),
        errors: fs.reduce((s, f) => s + f.errors, 0),
        non2xx: fs.reduce((s, f) => s + f.non2xx, 0),
      }
      const ratios = fs.map((f, i) => f.rps / bareRuns[i].rps)
      console.log(`  ${label.padEnd(34)} ${fmt(m)}  ${median(ratios).toFixed(2)}× bare`)
    }
  } finally {
    await server.stop()
    await db.drop()
  }
}

console.log(
  `${new Date().toISOString()}  Node ${process.version}  ${cpus().length} × ${cpus()[0]?.model}  load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)
// The figures depend on the Node line (AsyncLocalStorage, the request's street scope, costs every promise on Node 20).
if (Number(process.versions.node.split('.')[0]) < 22) {
  console.log(`Node ${process.version} is past its end of life and not supported (engines: >=22); the figures below are not the product's.`)
}
const bare = await startBare()
try {
  for (const name of ENGINES) await engine(name, bare.url)
} finally {
  bare.child.kill()
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
)

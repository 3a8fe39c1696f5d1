/**
 * Vector tiles of our layers (issue 19): every tile of 东塘 at z14–18 from the real server (embedded
 * engine, fresh data directory), cold (each tile's first request: cut in PostGIS and encoded) and
 * warm (from the tile cache), against the same bytes as static files in the same run; then, on a
 * PostGIS server when `--pg=<url>` names one holding 东塘, the cutting query alone against ST_AsMVT.
 * `npx tsx bench/tiles/index.ts [--seconds=10] [--pg=postgres://…]`. Ports 8150 (API), 8151 (static).
 */
import autocannon from 'autocannon'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import type { FeatureCollection } from 'geojson'
import { tileAt } from '../../api/tiles/tile-math.ts'
import { compareWithAsMvt } from './asmvt.ts'

const arg = (name: string, fallback: string) => process.argv.find((s) => s.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const seconds = Number(arg('seconds', '10'))
const pg = arg('pg', '')
const API_PORT = 8150
const STATIC_PORT = 8151

function start(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  child.stdout?.resume()
  return child
}

async function until(url: string) {
  for (let i = 0; i < 600; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} never answered`)
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]

async function cannon(title: string, base: string, paths: string[], opts: { amount?: number; duration?: number; connections: number }) {
  const r = await autocannon({
    url: base,
    connections: opts.connections,
    amount: opts.amount,
    duration: opts.amount ? undefined : opts.duration,
    requests: paths.map((path) => ({ path })),
  })
  console.log(
    `${title.padEnd(34)} ${String(r.requests.total).padStart(7)} req  ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  max ${r.latency.max} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
  )
  return r
}

const dir = await mkdtemp(join(os.tmpdir(), 'cgm-bench-tiles-'))
const api = start(['api/server.ts'], { DATA_DIR: dir, SEED: 'dongtang', PORT: String(API_PORT), HOST: '127.0.0.1', DATABASE_URL: '' })
let files: ChildProcess | undefined
try {
  const base = `http://127.0.0.1:${API_PORT}`
  await until(`${base}/api/v1/health`)
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; ${new Date().toISOString()}`)
  const boundary = (await (await fetch(`${base}/api/v1/layers/boundary`)).json()) as FeatureCollection
  const coords = JSON.stringify(boundary.features[0].geometry)
    .match(/-?\d+\.\d+,-?\d+\.\d+/g)!
    .map((s) => s.split(',').map(Number))
  const [w, e] = [Math.min(...coords.map((c) => c[0])), Math.max(...coords.map((c) => c[0]))]
  const [s, n] = [Math.min(...coords.map((c) => c[1])), Math.max(...coords.map((c) => c[1]))]
  const tiles: string[] = []
  for (let z = 14; z <= 18; z++) {
    const a = tileAt(w, n, z)
    const b = tileAt(e, s, z)
    for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) tiles.push(`${z}/${x}/${y}`)
  }
  console.log(`${tiles.length} tiles of the street at z14–18`)

  // cold: each tile once, one at a time, timed by the client
  const cold: number[] = []
  const bytes = new Map<string, Uint8Array>()
  for (const t of tiles) {
    const t0 = performance.now()
    const res = await fetch(`${base}/api/v1/tiles/street/${t}.mvt`)
    const body = new Uint8Array(await res.arrayBuffer())
    cold.push(performance.now() - t0)
    if (res.status === 200) bytes.set(t, body)
  }
  const total = [...bytes.values()].reduce((a, b) => a + b.length, 0)
  console.log(
    `cold (first request, 1 connection): p50 ${pct(cold, 50).toFixed(1)} ms  p99 ${pct(cold, 99).toFixed(1)} ms  max ${Math.max(...cold).toFixed(1)} ms; ${bytes.size} tiles with features, ${(total / 1024).toFixed(0)} KiB`,
  )

  const root = join(dir, 'static')
  for (const [t, b] of bytes) {
    const [z, x, y] = t.split('/')
    await mkdir(join(root, z, x), { recursive: true })
    await writeFile(join(root, z, x, `${y}.mvt`), b)
  }
  files = start(['bench/tiles/static-server.ts', root, String(STATIC_PORT)], {})
  const fbase = `http://127.0.0.1:${STATIC_PORT}`
  const some = [...bytes.keys()]
  await until(`${fbase}/${some[0]}.mvt`)
  const warm = await cannon(
    'warm tiles (API, 10 connections)',
    base,
    some.map((t) => `/api/v1/tiles/street/${t}.mvt`),
    { duration: seconds, connections: 10 },
  )
  const stat = await cannon(
    'static files (10 connections)',
    fbase,
    some.map((t) => `/${t}.mvt`),
    { duration: seconds, connections: 10 },
  )
  console.log(`warm tiles / static files: ${(warm.requests.average / stat.requests.average).toFixed(2)}× the req/s`)
  if (pg) await compareWithAsMvt(pg, tiles)
} finally {
  files?.kill()
  api.kill()
  await new Promise((r) => setTimeout(r, 500))
  await rm(dir, { recursive: true, force: true })
}

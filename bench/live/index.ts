/**
 * Analysis that stays live (issue 18): the real server (a child process, as `npm start` runs it) on a
 * database of 东塘 with N generated issues, while a writer sends a steady stream of writes — reports of
 * mixed categories (some bike parking, some inside the analysed area) and 交办 transitions of them —
 * and readers ask for what the wall and /plan show, through the HTTP API: /stats/grids, hex bins,
 * bike coverage (the wall's, and the planning page's coverage layer: its 30 days with the map geometry), Gi* hotspots and
 * the area analysis with before/after. Prints per endpoint the
 * number of answers, p50 and p99, and the writes' rate and latencies, on each engine.
 *
 * BENCH_SIZE (100000), BENCH_ENGINES (postgres,pglite), BENCH_SECONDS (30), BENCH_WRITES (10 per s),
 * BENCH_READERS (4); BENCH_DATABASE_URL names the server. The loaded databases are kept
 * (bench/analysis/db.ts keep mode: `cgm_bench_<size>`, `<tmp>/cgm-bench-<size>`; BENCH_KEEP_AS).
 */
import * as turf from '@turf/turf'
import os from 'node:os'
import type { FeatureCollection, Polygon } from 'geojson'
import type { Engine } from '../../db/adapter.ts'
import { spawnServer } from '../../db/testing/server-process.ts'
import { loadedDb, NOW } from '../analysis/db.ts'
import { keptCopy, signIn } from '../analysis/server-copy.ts'
import { squareAt } from '../../db/testing/geo.ts'
import { fromQuery, toFilter } from '../../web/features/plan/filters.ts'

const SIZE = Number(process.env.BENCH_SIZE ?? 100_000)
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',') as Engine[]
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30)
const WRITES = Number(process.env.BENCH_WRITES ?? 10)
const READERS = Number(process.env.BENCH_READERS ?? 4)
const PASSWORD = 'bench-admin-password-live'
const CATEGORIES = ['clutter', 'street_vending', 'bike_parking', 'flyposting', 'exposed_garbage', 'bike_parking']

const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] : NaN)
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')

type Timed = { ms: number; status: number }

async function timed(url: string, init: RequestInit): Promise<Timed> {
  const t0 = performance.now()
  const res = await fetch(url, init)
  await res.arrayBuffer()
  return { ms: performance.now() - t0, status: res.status }
}

async function run(engine: Engine): Promise<void> {
  const b = await loadedDb(engine, SIZE, (m) => console.log(m), true)
  await b.drop() // keep mode: closes the handle and leaves the loaded data
  // The writes go to a copy, so the kept database stays at SIZE issues for the next run.
  const { env, drop: dropCopy } = await keptCopy(engine, SIZE, `live_${process.pid}`)
  try {
    await measure(engine, env)
  } finally {
    await dropCopy()
  }
}

async function measure(engine: Engine, env: Record<string, string>): Promise<void> {
  // The readers stand for several wall displays and leaders, one signed-in account here: the analysis
  // limit per caller (api/load/analysis.ts) is raised to the number of readers accordingly.
  const server = await spawnServer({ ...env, SEED: 'none', ADMIN_PASSWORD: PASSWORD, ANALYSIS_PER_CALLER: String(READERS) })
  try {
    const cookie = await signIn(server.url, PASSWORD)
    const json = { cookie, 'content-type': 'application/json' }
    const grids = (await (await fetch(`${server.url}/api/v1/layers/grids`, { headers: { cookie } })).json()) as FeatureCollection<Polygon>
    const centre = turf.center(grids).geometry.coordinates
    const area = squareAt(centre, 550)
    const inside = grids.features.map((g) => turf.pointOnFeature(g).geometry.coordinates).filter((p) => turf.booleanPointInPolygon(p, area))
    const anywhere = grids.features.map((g) => turf.pointOnFeature(g).geometry.coordinates)
    const day = 86_400_000
    const iso = (t: number) => new Date(t).toISOString()
    const now = Date.now()
    const areaBody = JSON.stringify({
      polygon: area,
      compare: { before: { from: iso(now - 60 * day), to: iso(now - 30 * day) }, after: { from: iso(now - 30 * day), to: iso(now) } },
    })
    // The planning page with its coverage layer on at 300 m and its default range (30 days of the
    // street's calendar): the window its own filter code gives, asked as useCoverage asks it.
    const plan = fromQuery({ coverage: '300' }, new Date(now))
    const planWindow = toFilter(plan, new Date(now))
    const planQuery = new URLSearchParams({ radius: String(plan.coverage), from: planWindow.from!, to: planWindow.to!, geometry: 'true' }).toString()
    const reads: [string, () => Promise<Timed>][] = [
      ['GET /stats/grids', () => timed(`${server.url}/api/v1/stats/grids`, { headers: { cookie } })],
      ['GET /analysis/bins?size=100', () => timed(`${server.url}/api/v1/analysis/bins?size=100&shape=hex`, { headers: { cookie } })],
      ['GET /analysis/bike-coverage', () => timed(`${server.url}/api/v1/analysis/bike-coverage?radius=300`, { headers: { cookie } })],
      [
        'GET /analysis/bike-coverage (/plan: 30 days, geometry)',
        () => timed(`${server.url}/api/v1/analysis/bike-coverage?${planQuery}`, { headers: { cookie } }),
      ],
      ['GET /analysis/hotspots', () => timed(`${server.url}/api/v1/analysis/hotspots`, { headers: { cookie } })],
      ['POST /analysis/area (before/after)', () => timed(`${server.url}/api/v1/analysis/area`, { method: 'POST', headers: json, body: areaBody })],
    ]
    // Warm each once (connections, JIT, stored coverage) before measuring.
    for (const [, r] of reads) await r()

    const lat = new Map<string, number[]>(reads.map(([k]) => [k, []]))
    const bad = new Map<string, number>(reads.map(([k]) => [k, 0]))
    const writes: number[] = []
    let writeErrors = 0
    const created: number[] = []
    const end = performance.now() + SECONDS * 1000
    console.log(`${engine} ${SIZE}: start ${new Date().toISOString()}, load average ${load()}`)

    const readers = Array.from({ length: READERS }, async (_, r) => {
      for (let k = r; performance.now() < end; k++) {
        const [name, read] = reads[k % reads.length]
        const t = await read()
        if (t.status === 200) lat.get(name)!.push(t.ms)
        else bad.set(name, bad.get(name)! + 1)
      }
    })
    const inFlight = new Set<Promise<void>>()
    const writer = (async () => {
      for (let n = 0; performance.now() < end; n++) {
        const due = performance.now() + 1000 / WRITES
        const assign = n % 3 === 2 && created.length > 0
        const p = (async () => {
          let t: Timed
          if (assign) {
            const id = created.shift()!
            t = await timed(`${server.url}/api/v1/issues/${id}/transitions`, {
              method: 'POST',
              headers: json,
              body: JSON.stringify({ action: 'assign' }),
            })
          } else {
            const pool = n % 2 === 0 && inside.length ? inside : anywhere
            const [lon, lat0] = pool[n % pool.length]
            const t0 = performance.now()
            const res = await fetch(`${server.url}/api/v1/issues`, {
              method: 'POST',
              headers: json,
              body: JSON.stringify({ lon, lat: lat0, category: CATEGORIES[n % CATEGORIES.length], description: 'bench: live under writes' }),
            })
            const body = (await res.json()) as { id?: number; properties?: { id?: number } }
            t = { ms: performance.now() - t0, status: res.status }
            const id = body.properties?.id ?? body.id
            if (res.status === 201 && id) created.push(id)
          }
          if (t.status === 200 || t.status === 201) writes.push(t.ms)
          else writeErrors++
        })()
        inFlight.add(p)
        void p.finally(() => inFlight.delete(p))
        await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())))
      }
      await Promise.all(inFlight)
    })()
    await Promise.all([...readers, writer])

    console.log(`${engine} ${SIZE}: end ${new Date().toISOString()}, load average ${load()}`)
    console.log(`| engine | endpoint | answers | p50 | p99 | non-200 |`)
    console.log(`|---|---|---:|---:|---:|---:|`)
    for (const [name] of reads) {
      const xs = lat.get(name)!
      console.log(`| ${engine} | ${name} | ${xs.length} | ${pct(xs, 50).toFixed(1)} ms | ${pct(xs, 99).toFixed(1)} ms | ${bad.get(name)} |`)
    }
    const all = [...lat.values()].flat()
    console.log(
      `| ${engine} | all reads | ${all.length} | ${pct(all, 50).toFixed(1)} ms | ${pct(all, 99).toFixed(1)} ms | ${[...bad.values()].reduce((a, b) => a + b, 0)} |`,
    )
    console.log(
      `| ${engine} | writes (${(writes.length / SECONDS).toFixed(1)}/s) | ${writes.length} | ${pct(writes, 50).toFixed(1)} ms | ${pct(writes, 99).toFixed(1)} ms | ${writeErrors} |`,
    )
  } finally {
    await server.stop()
  }
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}; clock of the data ${NOW.toISOString()}`)
for (const engine of ENGINES) await run(engine)
process.exit(0)

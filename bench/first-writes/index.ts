/**
 * The first reports after the server starts (WARM_CONNECTIONS, api/load/warm.ts): the server (a
 * child process, as `npm start` runs it) on a copy of the kept database of 东塘 with BENCH_SIZE
 * generated issues, started with and without warming its connections, in turn, BENCH_RUNS times
 * each. After the start settles (its first escalation pass), one report, then two more one by one,
 * then two rounds of as many at once as the pool holds. Prints the time to ready and the reports'
 * latencies per round (median over runs of each round's median and maximum).
 *
 * BENCH_RESTART=true (server only): after the start settles, every pooled backend of the server
 * process is terminated, as a database restart does (its listener is left), and the rounds measure
 * the reports on the connections the pool opens then, which are cold: the warm-up runs at start only
 * (docs/performance.md).
 *
 * BENCH_SIZE (100000), BENCH_ENGINES (postgres,pglite), BENCH_RUNS (3), BENCH_SETTLE_MS (5000);
 * BENCH_DATABASE_URL names the server (bench/analysis/db.ts keep mode).
 */
import * as turf from '@turf/turf'
import os from 'node:os'
import pg from 'pg'
import type { FeatureCollection, Polygon } from 'geojson'
import type { Engine } from '../../db/adapter.ts'
import { namedUrl } from '../../db/testing/named-url.ts'
import { spawnServer } from '../../db/testing/server-process.ts'
import { loadedDb } from '../analysis/db.ts'
import { keptCopy, signIn } from '../analysis/server-copy.ts'

const SIZE = Number(process.env.BENCH_SIZE ?? 100_000)
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',') as Engine[]
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 5000)
const POOL = 10
const RESTART = process.env.BENCH_RESTART === 'true'
const PASSWORD = 'bench-admin-password-first'
const ROUNDS = ['1st', '2nd, 3rd', `${POOL} at once`, `${POOL} at once again`] as const

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')

/** One start: ready time, then each round's latencies. */
async function once(engine: Engine, warm: boolean, n: number): Promise<{ readyMs: number; rounds: number[][] }> {
  const db = await keptCopy(engine, SIZE, `first_${process.pid}_${n}`)
  try {
    const t0 = performance.now()
    const name = `cgm-first-writes-${process.pid}`
    const env: Record<string, string> = {
      ...db.env,
      SEED: 'none',
      ADMIN_PASSWORD: PASSWORD,
      WARM_CONNECTIONS: String(warm),
      DATABASE_POOL: String(POOL),
    }
    if (env.DATABASE_URL) env.DATABASE_URL = namedUrl(env.DATABASE_URL, name)
    const server = await spawnServer(env)
    const readyMs = performance.now() - t0
    try {
      const cookie = await signIn(server.url, PASSWORD)
      const grids = (await (await fetch(`${server.url}/api/v1/layers/grids`, { headers: { cookie } })).json()) as FeatureCollection<Polygon>
      const points = grids.features.map((g) => turf.pointOnFeature(g).geometry.coordinates)
      await new Promise((r) => setTimeout(r, SETTLE_MS))
      if (RESTART) {
        if (!env.DATABASE_URL) throw new Error('BENCH_RESTART needs the server engine')
        const admin = new pg.Client({ connectionString: env.DATABASE_URL })
        await admin.connect()
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [name])
        await admin.end()
        // The pool drops the dead idle connections as their errors arrive.
        await new Promise((r) => setTimeout(r, 1000))
      }
      let k = 0
      const report = async () => {
        const [lon, lat] = points[k++ % points.length]
        const t = performance.now()
        const res = await fetch(`${server.url}/api/v1/issues`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ lon, lat, category: 'clutter', description: 'bench: first writes' }),
        })
        await res.arrayBuffer()
        if (res.status !== 201) throw new Error(`report: ${res.status}`)
        return performance.now() - t
      }
      const rounds: number[][] = [[await report()], [await report(), await report()]]
      for (let r = 0; r < 2; r++) rounds.push(await Promise.all(Array.from({ length: POOL }, report)))
      return { readyMs, rounds }
    } finally {
      await server.stop()
    }
  } finally {
    await db.drop()
  }
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}`)
for (const engine of ENGINES) {
  const b = await loadedDb(engine, SIZE, (m) => console.log(m), true)
  await b.drop() // keep mode: closes the handle and leaves the loaded data
  console.log(`${engine} ${SIZE}: start ${new Date().toISOString()}, load average ${load()}`)
  const got = new Map<boolean, Awaited<ReturnType<typeof once>>[]>([
    [true, []],
    [false, []],
  ])
  // Alternating, so both see the same machine.
  for (let i = 0; i < RUNS; i++) for (const warm of [false, true]) got.get(warm)!.push(await once(engine, warm, 2 * i + Number(warm)))
  console.log(`${engine} ${SIZE}: end ${new Date().toISOString()}, load average ${load()}`)
  console.log(`| engine | warm | ready | ${ROUNDS.map((r) => `${r}: median / max`).join(' | ')} |`)
  console.log(`|---|---|---:|${ROUNDS.map(() => '---:').join('|')}|`)
  for (const warm of [false, true]) {
    const runs = got.get(warm)!
    const cells = ROUNDS.map((_, r) => {
      const med = median(runs.map((x) => median(x.rounds[r])))
      const max = median(runs.map((x) => Math.max(...x.rounds[r])))
      return `${med.toFixed(0)} / ${max.toFixed(0)} ms`
    })
    console.log(`| ${engine} | ${warm ? 'on' : 'off'} | ${(median(runs.map((x) => x.readyMs)) / 1000).toFixed(1)} s | ${cells.join(' | ')} |`)
  }
}
process.exit(0)

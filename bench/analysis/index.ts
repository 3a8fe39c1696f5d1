/**
 * Analysis benchmarks (issue 5): a fresh database per engine and size, loaded with generated 东塘
 * issues, each scenario timed against its naive PostGIS peer and its floor.
 * `npx tsx bench/analysis/index.ts --sizes=1e3,1e4,1e5 --engines=pglite,postgres --reps=5`
 * (or BENCH_SIZES / BENCH_ENGINES / BENCH_REPS in the environment, as `npm run bench` passes none).
 * `--keep=1` keeps the loaded databases and reuses them on the next run (a 10⁶ load takes 20–35
 * minutes); `--only=area,coverage` runs only those scenario groups (grids, hex, gi, area, coverage).
 */
import os from 'node:os'
import type { Engine } from '../../db/adapter.ts'
import { loadedDb } from './db.ts'
import { runScenarios } from './scenarios.ts'
import { HEADER, row, sizeAxis, type Result } from './timing.ts'

function arg(name: string, fallback: string): string {
  const a = process.argv.find((s) => s.startsWith(`--${name}=`))
  return a ? a.slice(name.length + 3) : (process.env[`BENCH_${name.toUpperCase()}`] ?? fallback)
}

const sizes = arg('sizes', '1e3,1e4,1e5,1e6').split(',').map(Number)
const engines = arg('engines', 'postgres,pglite').split(',') as Engine[]
const reps = Number(arg('reps', '5'))
const keep = arg('keep', '') === '1'
const only = arg('only', '') ? new Set(arg('only', '').split(',')) : null
const GROUPS = ['grids', 'hex', 'gi', 'area', 'coverage']
const unknown = [...(only ?? [])].filter((g) => !GROUPS.includes(g))
if (unknown.length || !['', '0', '1'].includes(arg('keep', ''))) {
  console.error(
    `unknown ${unknown.length ? `scenario group(s) ${unknown.join(', ')}; known: ${GROUPS.join(', ')}` : 'value of --keep; use --keep=1'}`,
  )
  process.exit(2)
}
const log = (m: string) => console.log(m)
/** The machine is shared: the 1/5/15-minute load averages go beside every run. */
const load = () =>
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`

console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ${new Date().toISOString()}`,
)
const results: Result[] = []
/** The expensive lane's budget for a whole run: a 10⁶ run takes tens of minutes. */
const DAY_MS = 86_400_000
for (const size of sizes) {
  for (const engine of engines) {
    const b = await loadedDb(engine, size, log, keep)
    try {
      console.log(`${engine} ${size}: scenarios start ${new Date().toISOString()}, ${load()}`)
      console.log(HEADER)
      await runScenarios(
        // Planned as the API plans an analysis: on PGlite the expensive lane plans each statement for
        // its values (db/pglite.ts); the server plans every statement for its values anyway.
        engine === 'pglite' ? b.db.expensive(DAY_MS) : b.db,
        engine,
        size,
        reps,
        (r) => {
          results.push(r)
          console.log(row(r))
        },
        only,
      )
      console.log(`${engine} ${size}: scenarios end ${new Date().toISOString()}, ${load()}`)
    } finally {
      await b.drop()
    }
  }
}
console.log('\nSize axis: fast ms (speed-up over the naive peer, same run) per scenario and size')
console.log(sizeAxis(results))

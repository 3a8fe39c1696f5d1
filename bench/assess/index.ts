/**
 * 督查测评 at city scale on the server (issue 12): 100 streets × 83 points × 52 weeks of inspections
 * (about 500,000). Measures the weekly assessment of one street-week (GET /assessments/weekly, the
 * same function), the whole city's ranking for a week (level=street), and a round order over a
 * street's 83 points (POST /rounds: the selection query and the walking order).
 * `npx tsx bench/assess/index.ts [--streets=100] [--weeks=52] [--engine=postgres] [--keep=0] [--rounds=15]`
 * Targets: street-week ≤ 50 ms, city ranking ≤ 300 ms, round of 83 points ≤ 200 ms (medians).
 */
import os from 'node:os'
import { parseWeek, shiftWeek } from '../../api/assessments/week.ts'
import { weeklyAssessment } from '../../api/assessments/weekly.ts'
import { walkingOrder } from '../../api/rounds/order.ts'
import { migrate } from '../../db/migrate.ts'
import { loadStreet } from '../../db/seed/index.ts'
import { namedSql, sql } from '../../db/sql.ts'
import { dongtang } from '../../fixtures/dongtang/index.ts'
import { openDb } from './db.ts'

const arg = (name: string, fallback: string) => process.argv.find((s) => s.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const streets = Number(arg('streets', '100'))
const weeks = Number(arg('weeks', '52'))
const engine = arg('engine', 'postgres') as 'postgres' | 'pglite'
const keep = arg('keep', '0') === '1'
const rounds = Number(arg('rounds', '15'))

const INSPECTIONS = sql(import.meta.url, 'inspections.sql')
const SELECT = namedSql(new URL('../../api/rounds/', import.meta.url).href, 'select.sql')
const NOW = new Date('2026-11-20T10:00:00+08:00')
const FIRST = parseWeek('2025-W48')!

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const max = (xs: number[]) => Math.max(...xs)
const log = (m: string) => console.log(m)

async function time(f: (k: number) => Promise<unknown>): Promise<number[]> {
  await f(-1)
  const out: number[] = []
  for (let k = 0; k < rounds; k++) {
    const t0 = performance.now()
    await f(k)
    out.push(performance.now() - t0)
  }
  return out
}

log(
  `${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}, ${engine}, ${streets} streets × 83 points × ${weeks} weeks`,
)
const b = await openDb(engine, keep)
try {
  await migrate(b.db)
  await b.reopen()
  const db = b.db
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM streets')
  if (n !== streets) {
    if (n > 0) throw new Error(`the bench database holds ${n} streets, not ${streets}: drop it first`)
    const t0 = performance.now()
    const data = dongtang()
    for (let s = 1; s <= streets; s++) {
      await db.tx(async (q) => {
        await loadStreet(q, { ...data, street: { ...data.street, id: s, code: String(430100000 + s), name: `测试街道${s}` } })
        await q.query(INSPECTIONS, [s, FIRST.monday, weeks])
      })
      if (s % 10 === 0) log(`  loaded ${s} streets`)
    }
    await db.exec('VACUUM ANALYZE')
    log(`  loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  const [{ inspections }] = await db.query<{ inspections: number }>('SELECT count(*)::int AS inspections FROM inspections')
  log(`  ${inspections.toLocaleString('en')} inspections`)
  const weekAt = (k: number) => shiftWeek(FIRST, Math.abs(k * 7) % weeks)
  const streetAt = (k: number) => 1 + (Math.abs(k * 37) % streets)

  const community = await time((k) => weeklyAssessment(db, streetAt(k), weekAt(k), 'community', NOW))
  const grid = await time((k) => weeklyAssessment(db, streetAt(k), weekAt(k), 'grid', NOW))
  const city = await time(async (k) => {
    const a = await weeklyAssessment(db, 1, weekAt(k), 'street', NOW)
    if (a.rows.length !== streets || a.rows.some((r) => r.score === null)) throw new Error('city ranking incomplete')
  })
  const round = await time(async (k) => {
    const pts = await db.query<{ lon: number; lat: number }>(
      SELECT.text,
      SELECT.params({ street: streetAt(k), codes: null, class: null, community: null, grid: null, within: null, uninspected: null }),
    )
    if (pts.length !== 83) throw new Error(`round of ${pts.length} points`)
    walkingOrder(pts.map((p) => [p.lon, p.lat]))
  })
  const rows = [
    ['one street-week, 10 communities', community, 50],
    ['one street-week, 40 grids', grid, 50],
    [`city ranking of ${streets} streets for a week`, city, 300],
    ['round order over 83 points (select + order)', round, 200],
  ] as const
  log(`\n| ${engine} | median ms | max ms | target ms |\n|---|---:|---:|---:|`)
  for (const [name, xs, target] of rows) log(`| ${name} | ${median([...xs]).toFixed(1)} | ${max([...xs]).toFixed(1)} | ${target} |`)
} finally {
  await b.drop()
}

/**
 * The district ranking over 20 streets × 10⁵ issues each (issue 14): GET /district's one server
 * path (districtRanking: district.sql and the week's assessment) timed on a PostgreSQL + PostGIS
 * server, against the target of 200 ms. The streets are the four synthetic neighbour shapes under
 * 20 codes; each shape's 10⁵ issues (a year, fixtures/generate-issues.ts) are generated once and
 * loaded into its five streets. `BENCH_ISSUES=1e4` and `BENCH_STREETS=5` make it smaller;
 * `BENCH_DATABASE_URL` names the server (a database is created beside it and dropped after).
 */
import pg from 'pg'
import { districtRanking } from '../../api/district/ranking.ts'
import { migrate } from '../../db/migrate.ts'
import { openPostgres } from '../../db/postgres.ts'
import { loadIssues, loadStreet } from '../../db/seed/index.ts'
import { NEIGHBOURS, neighbour } from '../../fixtures/district/index.ts'
import { laxer } from '../../fixtures/district/laxity.ts'
import { generateIssues } from '../../fixtures/generate-issues.ts'
import type { IssueData } from '../../fixtures/types.ts'
import { SERVER } from '../analysis/db.ts'
import { median } from '../analysis/timing.ts'

const STREETS = Number(process.env.BENCH_STREETS ?? 20)
const ISSUES = Number(process.env.BENCH_ISSUES ?? 1e5)
const REPS = Number(process.env.BENCH_REPS ?? 9)
const NOW = new Date('2026-11-20T10:00:00+08:00')

const name = `cgm_bench_district_${process.pid}`
const admin = async (text: string) => {
  const c = new pg.Client({ connectionString: SERVER })
  await c.connect()
  await c.query(text).finally(() => c.end())
}
await admin(`CREATE DATABASE ${name}`)
const url = new URL(SERVER)
url.pathname = `/${name}`
let db = await openPostgres(url.toString())
try {
  await migrate(db)
  db = (await db.close(), await openPostgres(url.toString())) // sessions pick up jit = off
  const t0 = performance.now()
  const issuesOf = new Map<number, IssueData[]>()
  for (let k = 0; k < STREETS; k++) {
    const shape = k % NEIGHBOURS.length
    const n = { ...NEIGHBOURS[shape], code: String(430111800 + k), name: `基准街道${k + 1}（合成）` }
    const data = neighbour(n, k + 1)
    if (!issuesOf.has(shape)) {
      issuesOf.set(shape, [...laxer(generateIssues(data, { count: ISSUES, seed: 100 + shape, now: NOW }), NEIGHBOURS[shape].laxity, shape)])
    }
    await db.tx(async (q) => {
      await loadStreet(q, data)
      // the same places and timelines in every street of a shape; grids are assigned from its own geometry
      await loadIssues(q, data.street, issuesOf.get(shape)!)
    })
    process.stdout.write(`\rloaded ${k + 1}/${STREETS} streets`)
  }
  await db.query('ANALYZE')
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues')
  console.log(`\n${n} issues in ${STREETS} streets, loaded in ${((performance.now() - t0) / 1000).toFixed(0)} s`)
  const streets = (await db.query<{ id: number }>('SELECT id FROM streets ORDER BY code')).map((r) => r.id)
  for (const days of [30, 365]) {
    const from = new Date(NOW.getTime() - days * 86_400_000)
    let rows = 0
    const ms = await median(REPS, async () => {
      const r = await districtRanking(db, { streets, from, to: NOW, now: NOW, by: 'rectification_rate' })
      rows = r.streets.length
    })
    console.log(`district ranking, last ${days} days: ${rows} streets, median ${ms.toFixed(1)} ms of ${REPS} (target ≤ 200 ms)`)
  }
} finally {
  await db.close()
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

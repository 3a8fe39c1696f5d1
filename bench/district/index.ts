/**
 * The district ranking over 20 streets × 10⁵ issues each (issue 14): GET /district's one server
 * path (districtRanking: district.sql and the week's assessment) timed on a PostgreSQL + PostGIS
 * server, against the target of 200 ms, beside the previous formulation (before.sql: every issue of
 * the window counted) on the same data. The streets are the four synthetic neighbour shapes under
 * 20 codes. Each shape's issues (a year, fixtures/generate-issues.ts) are generated once; the first
 * street of a shape gets them through the seed loader's own INSERT (db/seed/issues.sql: grid and
 * community set by the product's assignment trigger), and every further street of that shape is an
 * INSERT … SELECT of those rows under its own street_id (the same places and timelines; grid,
 * community, group and notice numbers its own, set by the same trigger), every write trigger (the
 * rollups included) running as in the product. Callbacks (回访) are written for every fourth closed
 * issue. Not loaded: the issues' audit trail (issue_events), which the ranking does not read.
 * `BENCH_ISSUES=1e4` and `BENCH_STREETS=5` make it smaller; `BENCH_DATABASE_URL` names a database on
 * the server to connect through (a database cgm_district_bench_<pid> is created beside it and
 * dropped after; `BENCH_KEEP=1` keeps it).
 */
import * as turf from '@turf/turf'
import pg from 'pg'
import { districtRanking } from '../../api/district/ranking.ts'
import { migrate } from '../../db/migrate.ts'
import { openPostgres } from '../../db/postgres.ts'
import { loadStreet } from '../../db/seed/index.ts'
import { noticeNo } from '../../db/seed/notice.ts'
import { sql } from '../../db/sql.ts'
import { NEIGHBOURS, neighbour } from '../../fixtures/district/index.ts'
import { laxer } from '../../fixtures/district/laxity.ts'
import { generateIssues } from '../../fixtures/generate-issues.ts'
import type { IssueData } from '../../fixtures/types.ts'
import { SERVER } from '../analysis/db.ts'
import { median } from '../analysis/timing.ts'

const STREETS = Number(process.env.BENCH_STREETS ?? 20)
const ISSUES = Number(process.env.BENCH_ISSUES ?? 1e5)
const REPS = Number(process.env.BENCH_REPS ?? 9)
const BEFORE_REPS = Number(process.env.BENCH_BEFORE_REPS ?? 3) // the old statement takes seconds at 20 × 10⁵
const NOW = new Date('2026-11-20T10:00:00+08:00')
const BATCH = 10_000
const Q = { issues: sql(import.meta.url, '../../db/seed/issues.sql'), before: sql(import.meta.url, 'before.sql') }

// BENCH_REUSE=<database name>: time the ranking on a database an earlier run kept (BENCH_KEEP=1)
const REUSE = process.env.BENCH_REUSE
const name = REUSE ?? `cgm_district_bench_${process.pid}`
const admin = async (text: string) => {
  const c = new pg.Client({ connectionString: SERVER })
  await c.connect()
  await c.query(text).finally(() => c.end())
}
if (!REUSE) await admin(`CREATE DATABASE ${name}`)
const url = new URL(SERVER)
url.pathname = `/${name}`
let db = await openPostgres(url.toString())
const secs = (t: number) => ((performance.now() - t) / 1000).toFixed(1)
try {
  await migrate(db)
  db = (await db.close(), await openPostgres(url.toString())) // sessions pick up jit = off
  const t0 = performance.now()
  const template = new Map<number, { id: number; name: string }>()
  for (let k = 0; k < (REUSE ? 0 : STREETS); k++) {
    const t = performance.now()
    const shape = k % NEIGHBOURS.length
    const n = { ...NEIGHBOURS[shape], code: String(430111800 + k), name: `基准街道${k + 1}（合成）` }
    const data = neighbour(n, k + 1)
    await loadStreet(db, data)
    const [street] = await db.query<{ id: number }>('SELECT id FROM streets WHERE code = $1', [n.code])
    const from = template.get(shape)
    if (!from) {
      // a few generated places fall just outside every grid (the assignment trigger refuses them): a
      // 2 % surplus is generated and the first ISSUES inside a grid are kept
      const grids = data.grids.map((g) => g.geom)
      const inside = (it: IssueData) => grids.some((g) => turf.booleanPointInPolygon(it.lonlat, g))
      const generated = laxer(generateIssues(data, { count: Math.ceil(ISSUES * 1.02), seed: 100 + shape, now: NOW }), NEIGHBOURS[shape].laxity, shape)
      const issues = [...generated].filter(inside).slice(0, ISSUES)
      if (issues.length < ISSUES) throw new Error(`only ${issues.length} generated issues inside the grids`)
      const counters = new Map<number, number>()
      for (let b = 0; b < issues.length; b += BATCH) {
        const batch = issues.slice(b, b + BATCH)
        const ids = await db.query<{ id: number }>("SELECT nextval(pg_get_serial_sequence('issues', 'id')) AS id FROM generate_series(1, $1)", [
          batch.length,
        ])
        const rows = batch.map((it, j) => {
          const assigned = it.events.find((e) => e.action === 'assign')
          const year = assigned ? Number(assigned.at.slice(0, 4)) : 0
          if (assigned) counters.set(year, (counters.get(year) ?? 0) + 1)
          return {
            id: ids[j].id,
            category_code: it.category_code,
            description: it.description,
            status: it.status,
            source: it.source,
            lon: it.lonlat[0],
            lat: it.lonlat[1],
            notice_no: assigned ? noticeNo(n.name, year, counters.get(year)!) : null,
            reported_at: it.reported_at,
            deadline: it.deadline,
            closed_at: it.closed_at,
            rework_count: it.rework_count,
            version: it.events.length,
            reporter: it.events[0]?.actor ?? null,
          }
        })
        await db.query(Q.issues, [street.id, JSON.stringify(rows)])
      }
      template.set(shape, { id: street.id, name: n.name })
    } else {
      // the template street's rows under this street; the assignment trigger sets grid and community
      await db.query(
        `INSERT INTO issues (street_id, category_code, description, status, source, geom, source_crs, source_lon,
                             source_lat, grid_code, community_code, group_code, notice_no, reported_at, deadline,
                             closed_at, rework_count, version, reporter, synthetic)
         SELECT $1, i.category_code, i.description, i.status, i.source, i.geom, i.source_crs, i.source_lon, i.source_lat,
                '', '', k.default_group_code, replace(i.notice_no, $3, $4), i.reported_at, i.deadline, i.closed_at,
                i.rework_count, i.version, i.reporter, true
         FROM issues i JOIN categories k ON k.street_id = $1 AND k.code = i.category_code
         WHERE i.street_id = $2 ORDER BY i.id`,
        [street.id, from.id, from.name.replace(/街道$/, ''), n.name.replace(/街道$/, '')],
      )
    }
    // 回访: every fourth closed issue, a day after it closed (no audit trail is loaded: see above)
    await db.query(
      `INSERT INTO issue_callbacks (street_id, issue_id, closing_event, at, actor, satisfaction)
       SELECT street_id, id, 0, closed_at + interval '1 day', '回访员',
              (ARRAY['satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied'])[1 + (id / 4 % 4)::int]
       FROM issues WHERE street_id = $1 AND status = 'closed' AND id % 4 = 0`,
      [street.id],
    )
    console.log(`street ${k + 1}/${STREETS} loaded in ${secs(t)} s`)
  }
  if (!REUSE) await db.query('VACUUM ANALYZE')
  const [{ n, cb, rollup }] = await db.query<{ n: number; cb: number; rollup: number }>(
    'SELECT count(*)::int AS n, (SELECT count(*)::int FROM issue_callbacks) AS cb, (SELECT count(*)::int FROM issue_day_indicators) AS rollup FROM issues',
  )
  console.log(`${n} issues (${cb} callbacks, ${rollup} rollup rows) in ${STREETS} streets, loaded in ${secs(t0)} s`)
  const streets = (await db.query<{ id: number }>('SELECT id FROM streets ORDER BY code')).map((r) => r.id)
  for (const days of [30, 365]) {
    const from = new Date(NOW.getTime() - days * 86_400_000)
    let rows = 0
    const sqlOnly = await median(REPS, () => db.query(sql(import.meta.url, '../../api/district/district.sql'), [streets, from, NOW, NOW]))
    const ms = await median(REPS, async () => {
      const r = await districtRanking(db, { streets, from, to: NOW, now: NOW, by: 'rectification_rate' })
      rows = r.streets.length
    })
    const before = await median(BEFORE_REPS, async () => {
      rows = (await db.query(Q.before, [streets, from, NOW, NOW])).length
    })
    console.log(
      `last ${days} days, ${rows} streets: districtRanking median ${ms.toFixed(1)} ms (district.sql alone ${sqlOnly.toFixed(1)} ms; ` +
        `before: every issue counted ${before.toFixed(1)} ms of ${BEFORE_REPS}), of ${REPS}; target ≤ 200 ms`,
    )
  }
} finally {
  await db.close()
  if (!process.env.BENCH_KEEP && !REUSE) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
}

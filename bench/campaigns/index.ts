/**
 * 攻坚 campaigns at 10⁶ issues on the server (issue 17): a campaign's page (every figure of
 * GET /campaigns/{id}: per-phase area and control counts, targets, daily line, 顽疾, history)
 * against the area analysis with before/after it reuses, in the same run; and the wall's list of 50
 * running campaigns with their progress (GET /campaigns?state=running&progress=1).
 * `npx tsx bench/campaigns/index.ts [--count=1000000] [--engine=postgres] [--keep=1] [--rounds=5]`
 */
import os from 'node:os'
import type { Polygon } from 'geojson'
import { analyseArea } from '../../api/analysis/area.ts'
import { checkInStreet } from '../../api/analysis/polygon.ts'
import { measure, progressAll, type CampaignRow } from '../../api/campaigns/measure.ts'
import { history } from '../../api/campaigns/store.ts'
import { sql } from '../../db/sql.ts'
import { loadedDb, NOW } from '../analysis/db.ts'
import { squareAt } from '../../db/testing/geo.ts'

const arg = (name: string, fallback: string) => process.argv.find((s) => s.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const count = Number(arg('count', '1000000'))
const engine = arg('engine', 'postgres') as 'postgres' | 'pglite'
const keep = arg('keep', '1') === '1'
const rounds = Number(arg('rounds', '5'))
const WALL = 50

const INSERT = sql(new URL('../../api/campaigns/', import.meta.url).href, 'insert.sql')
const GET = sql(new URL('../../api/campaigns/', import.meta.url).href, 'get.sql')
const LIST = sql(new URL('../../api/campaigns/', import.meta.url).href, 'list.sql')

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x: number) => `${x.toFixed(1)} ms`
const at = (s: string) => new Date(`${s}T00:00:00+08:00`)

async function time<T>(f: () => Promise<T>): Promise<number[]> {
  await f() // warm-up
  const out: number[] = []
  for (let k = 0; k < rounds; k++) {
    const t0 = performance.now()
    await f()
    out.push(performance.now() - t0)
  }
  return out
}

const log = (m: string) => console.log(m)
log(
  `${os.cpus().length} cores, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}, ${engine}, ${count} issues`,
)
const b = await loadedDb(engine, count, log, keep)
const db = b.db
try {
  await db.query('DELETE FROM campaign_versions')
  await db.query('DELETE FROM campaigns')
  const [{ g }] = await db.query<{ g: string }>('SELECT ST_AsGeoJSON(ST_PointOnSurface(boundary)) AS g FROM streets WHERE id = 1')
  const centre = JSON.parse(g).coordinates as number[]
  const phases = [
    { name: '集中创建', from: at('2026-08-01'), to: at('2026-10-01') },
    { name: '完善提高', from: at('2026-10-01'), to: at('2026-12-01') },
  ]
  const targets = [
    { metric: 'new_issues', change: -0.3 },
    { metric: 'rectification_rate', min: 0.95 },
    { metric: 'new_issues', category: 'street_vending', change: -0.5 },
  ]
  const insert = (polygon: Polygon, name: string) =>
    db.query<{ id: string }>(INSERT, [
      1,
      name,
      JSON.stringify(polygon),
      'drawn',
      [],
      null,
      null,
      JSON.stringify(phases),
      JSON.stringify(targets),
      phases[0].from,
      phases[1].to,
      at('2026-07-02'),
      phases[0].from,
      'bench',
      NOW,
    ])
  // the page: a 550 m square (≈0.3 km², as the area analysis benchmark)
  const square = squareAt(centre, 550)
  const [{ id }] = await insert(square, '基准攻坚')
  const [row] = await db.query<CampaignRow>(GET, [1, id])
  const page = await time(() => Promise.all([measure(db, 1, row, NOW), history(db, 1, Number(id))]))
  const peer = await time(async () => {
    const shape = await checkInStreet(db, 1, square)
    return analyseArea(db, {
      street: 1,
      shape,
      from: phases[0].from,
      to: phases[1].to,
      radius: 300,
      now: NOW,
      compare: { before: { from: at('2026-07-02'), to: phases[0].from }, after: { from: phases[0].from, to: phases[0].to } },
    })
  })
  log(`campaign page (2 phases, 3 targets, 0.3 km²): median ${ms(median(page))} (runs ${page.map(ms).join(', ')})`)
  // the page read right after a report inside the area: its category's 顽疾 are counted afresh
  const [{ lon, lat }] = await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(ST_GeomFromGeoJSON($1)) AS p) x',
    [JSON.stringify(square)],
  )
  const reported: number[] = []
  const afterReport: number[] = []
  for (let k = 0; k <= rounds; k++) {
    const [r] = await db.query<{ id: number }>(
      `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at)
       VALUES (1, 'street_vending', 'reported', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $3) RETURNING id::int`,
      [lon, lat, new Date(NOW.getTime() - 3_600_000)],
    )
    reported.push(r.id)
    const t0 = performance.now()
    await measure(db, 1, row, NOW)
    if (k > 0) afterReport.push(performance.now() - t0)
  }
  await db.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY ($1)', [reported])
  log(`  right after a report in the area: median ${ms(median(afterReport))} (runs ${afterReport.map(ms).join(', ')})`)
  log(`  peer: area analysis with before/after, same polygon: median ${ms(median(peer))} → page/peer ${(median(page) / median(peer)).toFixed(2)}×`)

  // the wall: 50 running campaigns of 200–600 m squares across the street
  let made = 1
  for (let k = 0; made < WALL && k < 400; k++) {
    const c = [centre[0] + ((k % 9) - 4) * 0.0011, centre[1] + (Math.floor(k / 9) - 10) * 0.0011]
    const sq = squareAt(c, 200 + (k % 5) * 100)
    if (
      !(await checkInStreet(db, 1, sq).then(
        () => true,
        () => false,
      ))
    )
      continue
    await insert(sq, `攻坚 ${k}`)
    made++
  }
  const wall = await time(async () => {
    const rows = await db.query<CampaignRow>(LIST, [1, false, null, NOW])
    if (rows.length !== WALL) throw new Error(`expected ${WALL} campaigns, got ${rows.length}`)
    return progressAll(db, 1, rows, NOW)
  })
  log(`wall: ${WALL} running campaigns with progress: median ${ms(median(wall))} (runs ${wall.map(ms).join(', ')})`)

  // What the kept 顽疾 (0336) cost a report: single-issue inserts over the street's centre with its
  // insert trigger disabled and enabled in alternating blocks of the same run, 50 campaigns running
  const points = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT (ST_Dump(ST_GeneratePoints(ST_Buffer(ST_GeomFromGeoJSON($1)::geography, 400)::geometry, 300, 7))).geom AS p) x`,
    [JSON.stringify({ type: 'Point', coordinates: centre })],
  )
  const written: number[] = []
  const cost: Record<'off' | 'on', number[]> = { off: [], on: [] }
  const toggle = (on: boolean) => db.query(`ALTER TABLE issues ${on ? 'ENABLE' : 'DISABLE'} TRIGGER issues_campaign_recurring_insert`)
  try {
    for (let b = 0, k = 0; b < 10; b++) {
      const mode = b % 2 === 0 ? 'off' : 'on'
      await toggle(mode === 'on')
      for (let i = 0; i < 30; i++, k++) {
        const p = points[k % points.length]
        const t0 = performance.now()
        const [r] = await db.query<{ id: number }>(
          `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at)
           VALUES (1, $3, 'reported', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $4) RETURNING id::int`,
          [p.lon, p.lat, ['clutter', 'street_vending', 'flyposting'][k % 3], new Date(NOW.getTime() - 3_600_000)],
        )
        cost[mode].push(performance.now() - t0)
        written.push(r.id)
      }
    }
  } finally {
    await toggle(true)
    await db.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY ($1)', [written])
  }
  const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]
  for (const mode of ['off', 'on'] as const)
    log(`report insert, kept 顽疾 trigger ${mode}: p50 ${ms(pct(cost[mode], 0.5))}, p99 ${ms(pct(cost[mode], 0.99))} (${cost[mode].length})`)
} finally {
  await db.query('DELETE FROM campaign_versions')
  await db.query('DELETE FROM campaigns')
  await b.drop()
}

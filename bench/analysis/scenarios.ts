/** The analysis scenarios of issue 5, each timed against its naive PostGIS peer and its floor. */
import { readFile } from 'node:fs/promises'
import type { Db } from '../../db/adapter.ts'
import { namedSql, sql } from '../../db/sql.ts'
import { analyseArea, countInArea } from '../../api/analysis/area.ts'
import { bikeCoverage, MAX_CACHED_WINDOWS, MAX_GAP_POINTS, MAX_SUGGESTIONS } from '../../api/analysis/coverage.ts'
import { checkInStreet } from '../../api/analysis/polygon.ts'
import { bins, binsPlan, gridHotspots } from '../../api/analysis/hotspots.ts'
import { countRows } from '../../api/stats/counts.ts'
import type { IssueFilter } from '../../api/filters.ts'
import { median, middle, paired, type Result } from './timing.ts'
import { NOW } from './db.ts'

const Q = {
  naiveGrids: sql(import.meta.url, 'naive-grids.sql'),
  naiveHex: sql(import.meta.url, 'naive-hex.sql'),
  naiveHexWindow: sql(import.meta.url, 'naive-hex-window.sql'),
  naiveCoverage: sql(import.meta.url, 'naive-coverage.sql'),
  naiveArea: sql(import.meta.url, 'naive-area.sql'),
  naiveWhole: sql(import.meta.url, 'naive-whole.sql'),
  naiveWindow: sql(import.meta.url, 'naive-window.sql'),
  floorArea: sql(import.meta.url, 'floor-area.sql'),
  zones: sql(import.meta.url, 'zones.sql'),
  coverageRead: namedSql(new URL('../../api/analysis/', import.meta.url).href, 'coverage-read.sql'),
  gapPoints: sql(new URL('../../api/analysis/', import.meta.url).href, 'coverage-gap-points.sql'),
  naiveGapPoints: sql(import.meta.url, 'naive-gap-points.sql'),
}

const YEAR = [new Date(NOW.getTime() - 365 * 86_400_000), NOW]
const CATS = ['bike_parking', 'illegal_parking', 'flyposting']
const NO_FILTER: IssueFilter = { from: null, to: null, categories: null, statuses: null, community: null, grid: null, bbox: null }
const FLOOR = 'SELECT count(*)::int AS n FROM filtered_issues(1, $1, $2, $3, NULL, NULL, NULL, NULL)'

/** A ≈0.3 km² square (550 m a side) around the street's centroid, as GeoJSON. */
async function square(db: Db) {
  const [r] = await db.query<{ g: string }>(
    `SELECT ST_AsGeoJSON(ST_Transform(ST_Expand(ST_Transform(ST_Centroid(boundary), 4547), 275), 4326)) AS g FROM streets WHERE id = 1`,
  )
  return JSON.parse(r.g)
}

/** Runs every scenario on one loaded database; `reps` fast runs, fewer for slow peers. */
export async function runScenarios(db: Db, engine: string, size: number, reps: number, log: (r: Result) => void, only: Set<string> | null = null) {
  const slow = Math.max(1, Math.min(3, reps))
  const base = { engine, size }
  const run = (group: string) => !only || only.has(group)
  if (run('grids')) await grids(db, base, reps, slow, log)
  if (run('hex')) await hex(db, base, reps, slow, log)
  if (run('gi'))
    log({
      ...base,
      scenario: 'Gi* per grid, 1 year',
      fast: await median(reps, () => gridHotspots(db, 1, { ...NO_FILTER, from: YEAR[0], to: YEAR[1] }, NOW)),
    })
  if (run('area')) await area(db, base, reps, slow, log)
  if (run('coverage')) {
    await coverage(db, base, reps, slow, 23, log)
    await db.query('DELETE FROM bike_coverage WHERE street_id = 1')
    await db.query(Q.zones, [5000 - 23])
    await coverage(db, base, reps, 1, 5000, log)
    // Back to the street's own 23 zones, for a kept database's next run (the stored coverage first,
    // so that 4,977 zone deletions patch nothing).
    await db.query('DELETE FROM bike_coverage WHERE street_id = 1')
    await db.query(`DELETE FROM bike_zones WHERE street_id = 1 AND code LIKE 'BENCH-%'`)
  }
}

type Base = { engine: string; size: number }

async function grids(db: Db, base: Base, reps: number, slow: number, log: (r: Result) => void) {
  const [fast1, peer1] = await paired(
    reps,
    slow,
    () => countRows(db, 1, { ...NO_FILTER, from: YEAR[0], to: YEAR[1], categories: CATS }, NOW, null),
    () => db.query(Q.naiveGrids, [YEAR[0], YEAR[1], CATS]),
  )
  const floor1 = await median(reps, () => db.query(FLOOR, [YEAR[0], YEAR[1], CATS]))
  log({ ...base, scenario: 'problems per grid, 1 year, 3 categories', fast: fast1, peer: peer1, floor: floor1 })
}

async function hex(db: Db, base: Base, reps: number, slow: number, log: (r: Result) => void) {
  const none = [null, null, null, null, null, null, null]
  const [fast2, peer2] = await paired(
    reps,
    slow,
    () => bins(db, 1, 100, 'hex', none),
    () => db.query(Q.naiveHex, [100]),
  )
  const floor2 = await median(reps, () => db.query(FLOOR, [null, null, null]))
  const plan2 = await binsPlan(db, 1, 100, 'hex', none)
  log({ ...base, scenario: 'hex bins 100 m, whole street', fast: fast2, peer: peer2, floor: floor2, note: `plan: ${plan2}` })
  // Each plan forced, in the same run, to show where the crossover lies (api/analysis/hotspots.ts binsPlan).
  for (const how of ['scan', 'rollup'] as const)
    log({
      ...base,
      scenario: `hex bins 100 m, whole street: ${how} plan`,
      fast: await median(reps, () => bins(db, 1, 100, 'hex', none, how)),
      peer: peer2,
      floor: floor2,
    })
  // A window with partial months at both ends (read from the issues) and three categories.
  const win = [YEAR[0], YEAR[1], CATS, null, null, null, null]
  const [fast3, peer3] = await paired(
    reps,
    slow,
    () => bins(db, 1, 100, 'hex', win),
    () => db.query(Q.naiveHexWindow, [100, YEAR[0], YEAR[1], CATS]),
  )
  const floor3 = await median(reps, () => db.query(FLOOR, [YEAR[0], YEAR[1], CATS]))
  const plan3 = await binsPlan(db, 1, 100, 'hex', win)
  log({ ...base, scenario: 'hex bins 100 m, 1 year, 3 categories', fast: fast3, peer: peer3, floor: floor3, note: `plan: ${plan3}` })
  for (const how of ['scan', 'rollup'] as const)
    log({
      ...base,
      scenario: `hex bins 100 m, 1 year, 3 categories: ${how} plan`,
      fast: await median(reps, () => bins(db, 1, 100, 'hex', win, how)),
      peer: peer3,
      floor: floor3,
    })
}

async function area(db: Db, base: Base, reps: number, slow: number, log: (r: Result) => void) {
  const poly = await square(db)
  const shape = JSON.stringify(poly)
  const checked = await checkInStreet(db, 1, poly)
  const [fast4, peer4] = await paired(
    reps,
    slow,
    () => countInArea(db, 1, shape, {}, null, NOW),
    () => db.query(Q.naiveArea, [shape, NOW, null, null]),
  )
  const floor4 = await median(reps, () => db.query(Q.floorArea, [shape]))
  log({ ...base, scenario: 'area 0.3 km²: counts by category+status', fast: fast4, peer: peer4, floor: floor4 })
  // The whole analysis's peer answers the whole response naively (naive-whole.sql), not the counts alone.
  const [full4, whole4] = await paired(
    reps,
    slow,
    () => analyseArea(db, { street: 1, shape: checked, radius: 300, now: NOW }),
    () => db.query(Q.naiveWhole, [shape, 300, null, null, NOW]),
  )
  log({ ...base, scenario: 'area 0.3 km²: whole analysis', fast: full4, peer: whole4, note: 'counts, points, coverage, places' })
  // A 攻坚 review: the month before and the month after a campaign that started mid-month, so each
  // window has partial months at both ends (read from the time index, not the cell rollup).
  const start = new Date(NOW.getTime() - 36 * 86_400_000)
  const month = 30 * 86_400_000
  const compare = { before: { from: new Date(start.getTime() - month), to: start }, after: { from: start, to: new Date(start.getTime() + month) } }
  const [fast6, peer6] = await paired(
    reps,
    slow,
    () => countInArea(db, 1, shape, compare.after, null, NOW),
    () => db.query(Q.naiveArea, [shape, NOW, compare.after.from, compare.after.to]),
  )
  log({ ...base, scenario: 'area 0.3 km²: counts, one 30-day window', fast: fast6, peer: peer6, floor: floor4 })
  const [full6, whole6] = await paired(
    reps,
    slow,
    () => analyseArea(db, { street: 1, shape: checked, radius: 300, now: NOW, compare }),
    async () => {
      await db.query(Q.naiveWhole, [shape, 300, null, null, NOW])
      await db.query(Q.naiveWindow, [shape, compare.before.from, compare.before.to, NOW])
      await db.query(Q.naiveWindow, [shape, compare.after.from, compare.after.to, NOW])
    },
  )
  log({ ...base, scenario: 'area 0.3 km²: whole analysis with before/after', fast: full6, peer: whole6, note: '3 windows, area and control each' })
}

/** Gap positions (lon/lat) of the street for one stored radius: points of the street outside the coverage. */
async function gapPoints(db: Db, radius: number, n: number) {
  return db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat
     FROM streets s JOIN bike_coverage c ON c.street_id = s.id AND c.radius_m = $1,
          LATERAL (SELECT ST_Transform((ST_Dump(ST_GeneratePoints(ST_Difference(ST_Transform(s.boundary, 4547), c.geom), $2, 7))).geom, 4326) AS p) d
     WHERE s.id = 1`,
    [radius, n],
  )
}

const ISSUE_INSERT = `INSERT INTO issues (street_id, category_code, geom, grid_code, community_code, reported_at)
  VALUES (1, $1, ST_SetSRID(ST_MakePoint($2, $3), 4326), '', '', $4) RETURNING id`

async function coverage(db: Db, base: Base, reps: number, slow: number, zones: number, log: (r: Result) => void) {
  for (const radius of [300, 100]) {
    const t = performance.now()
    await db.query('SELECT bike_coverage_ensure(1, $1)', [radius])
    const build = performance.now() - t
    const read = await median(reps, () => bikeCoverage(db, { street: 1, radius }))
    // The same request right after a bike-parking report in a gap (outside the coverage) was added,
    // moved, closed, merged, reopened or deleted, each committed before the read.
    const gaps = await gapPoints(db, radius, 2 * reps + 2)
    const afterChange: number[] = []
    const afterWindowed: number[] = []
    const win = { from: new Date(NOW.getTime() - 365 * 86_400_000), to: NOW }
    const timedRead = async (window: boolean) => {
      const t0 = performance.now()
      await bikeCoverage(db, { street: 1, radius, ...(window ? win : {}) })
      ;(window ? afterWindowed : afterChange).push(performance.now() - t0)
    }
    if (gaps.length >= 2) {
      for (let k = 0; k + 1 < gaps.length && k < 2 * reps; k += 2) {
        const [{ id }] = await db.query<{ id: number }>(ISSUE_INSERT, ['bike_parking', gaps[k].lon, gaps[k].lat, NOW])
        await timedRead(false)
        await db.query(`UPDATE issues SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE street_id = 1 AND id = $1`, [
          id,
          gaps[k + 1].lon,
          gaps[k + 1].lat,
        ])
        await timedRead(false)
        await db.query(`UPDATE issues SET status = 'closed', closed_at = now() WHERE street_id = 1 AND id = $1`, [id])
        await timedRead(false)
        await db.query(`UPDATE issues SET status = 'reported', closed_at = NULL WHERE street_id = 1 AND id = $1`, [id])
        await timedRead(false)
        await db.query(
          `UPDATE issues SET status = 'closed', closed_at = now(), merged_into = (SELECT min(id) FROM issues WHERE street_id = 1) WHERE street_id = 1 AND id = $1`,
          [id],
        )
        await timedRead(false)
        await db.query(`UPDATE issues SET status = 'reported', closed_at = NULL, merged_into = NULL WHERE street_id = 1 AND id = $1`, [id])
        await timedRead(false)
        // A windowed request after a change: its whole days from the running sums (migration 0341), its partial days from the issues.
        await db.query(`UPDATE issues SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE street_id = 1 AND id = $1`, [
          id,
          gaps[k].lon,
          gaps[k].lat,
        ])
        await timedRead(true)
        await db.query(`DELETE FROM issues WHERE street_id = 1 AND id = $1`, [id])
        await timedRead(false)
        if (k / 2 + 1 >= slow && engineSlow(base, zones)) break
      }
    }
    const peer = await median(slow, () => db.query(Q.naiveCoverage, [radius]))
    // The cached areas as the API reads them, with the whole street's stored answer (one statement).
    const cachedArgs = Q.coverageRead.params({
      street: 1,
      radius,
      geometry: false,
      key: '/',
      from: null,
      to: null,
      sites: MAX_SUGGESTIONS,
      first: null,
      end: null,
      keep: MAX_CACHED_WINDOWS,
    })
    const cached = await median(reps, () => db.query(Q.coverageRead.text, cachedArgs))
    log({ ...base, scenario: `bike coverage ${zones} zones r=${radius}: areas (street + grids)`, fast: cached, peer, note: 'with the stored answer' })
    log({ ...base, scenario: `bike coverage ${zones} zones r=${radius}: full response`, fast: read, peer, note: `cold build ${build.toFixed(0)} ms` })
    log({
      ...base,
      scenario: `bike coverage ${zones} zones r=${radius}: full response after a change`,
      fast: middle(afterChange),
      peer,
      note: gaps.length
        ? `report in a gap added/moved/closed/merged/reopened/deleted: ${afterChange.length} reads, max ${Math.max(...afterChange).toFixed(1)} ms`
        : 'no gap in the coverage: not measured',
    })
    log({
      ...base,
      scenario: `bike coverage ${zones} zones r=${radius}: 1-year window, after a change`,
      fast: middle(afterWindowed),
      peer,
      note: 'whole days from the running sums, partial days from the issues',
    })
    // The planning map's uncovered points (geometry=true) for the year: the kept uncovered issues
    // (migration 0343) against every issue of the window tested against the stored coverage.
    const pointArgs = [1, radius, win.from, win.to, MAX_GAP_POINTS]
    log({
      ...base,
      scenario: `bike coverage ${zones} zones r=${radius}: uncovered points for the map, 1-year window`,
      fast: await median(reps, () => db.query(Q.gapPoints, pointArgs)),
      peer: await median(slow, () => db.query(Q.naiveGapPoints, pointArgs)),
      note: `${(await db.query<{ n: number }>(Q.gapPoints, pointArgs))[0].n} points; peer: each issue tested`,
    })
    const zoneReads: number[] = []
    const moveZone = (d: number) =>
      db.query(
        `UPDATE bike_zones SET geom = ST_Translate(geom, $1, 0) WHERE street_id = 1 AND code = (SELECT min(code) FROM bike_zones WHERE street_id = 1)`,
        [d],
      )
    const change = await median(
      reps,
      async () => {
        const t0 = performance.now()
        await moveZone(0.0002)
        const there = performance.now() - t0
        const t1 = performance.now()
        await bikeCoverage(db, { street: 1, radius })
        zoneReads.push(performance.now() - t1)
        const t2 = performance.now()
        await moveZone(-0.0002)
        return (there + performance.now() - t2) / 2
      },
      true,
    )
    log({
      ...base,
      scenario: `bike coverage ${zones} zones r=${radius}: full response after a zone moved`,
      fast: middle(zoneReads),
      peer,
    })
    log({
      ...base,
      scenario: `bike coverage ${zones} zones r=${radius}: zone moved (patch)`,
      fast: change,
      note: 'per zone change, incl. grid re-measure and gap cells',
    })
  }
  await insertCost(db, base, zones, log)
}

/** PGlite at 5,000 zones: fewer change cycles (each read is cheap, the writes are not). */
const engineSlow = (base: Base, zones: number) => base.engine === 'pglite' && zones > 1000

/**
 * Single-issue INSERT (every trigger of the issues table), half bike parking, at points spread
 * over the street, with the radii above stored: p50/p99 with migration 0280's issue triggers
 * (before this branch) and with 0310's, each as statements in a rolled-back transaction so the
 * two are measured alike in the same run, then committed one by one (the create bar) and deleted.
 */
async function insertCost(db: Db, base: Base, zones: number, log: (r: Result) => void) {
  const n = base.engine === 'pglite' ? 100 : 300
  const pts = await db.query<{ lon: number; lat: number }>(
    `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM streets s, LATERAL (SELECT (ST_Dump(ST_GeneratePoints(s.boundary, $1, 42))).geom AS p) d WHERE s.id = 1`,
    [n],
  )
  const args = (k: number) => [k % 2 ? 'illegal_parking' : 'bike_parking', pts[k].lon, pts[k].lat, NOW]
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]
  const before0280 = await readFile(new URL('../../db/migrations/0280_skip_covered_bike_issue_writes.sql', import.meta.url), 'utf8')
  const inTx = async (setup?: string) => {
    const times: number[] = []
    const rollback = new Error('rollback')
    await db
      .tx(async (q) => {
        if (setup) await q.exec(setup)
        for (let k = 0; k < pts.length; k++) {
          const t = performance.now()
          await q.query(ISSUE_INSERT, args(k))
          times.push(performance.now() - t)
        }
        throw rollback
      })
      .catch((e) => {
        if (e !== rollback) throw e
      })
    return times
  }
  const before = await inTx(before0280)
  const after = await inTx()
  const committed: number[] = []
  const ids: number[] = []
  for (let k = 0; k < pts.length; k++) {
    const t = performance.now()
    ids.push((await db.query<{ id: number }>(ISSUE_INSERT, args(k)))[0].id)
    committed.push(performance.now() - t)
  }
  await db.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY($1::bigint[])', [ids])
  const row = (label: string, xs: number[]) =>
    log({
      ...base,
      scenario: `issue insert with ${zones} zones: ${label}`,
      fast: pct(xs, 0.5),
      note: `p99 ${pct(xs, 0.99).toFixed(2)} ms, ${xs.length} inserts`,
    })
  row('0280 triggers (before), in a tx', before)
  row('0310 triggers (after), in a tx', after)
  row('0310 triggers (after), committed', committed)
}

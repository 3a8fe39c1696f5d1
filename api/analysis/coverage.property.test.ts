import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { getJson } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { sql } from '../../db/sql.ts'
import { bikeCoverage, freshGaps, MAX_GAP_POINTS, MAX_SUGGESTIONS } from './coverage.ts'
import { makeRng } from '../../fixtures/prng.ts'

// Property test of the stored bike coverage (issue 18): random sequences of zone edits and
// bike-parking reports added (in gaps, next to other uncovered reports, inside zones, on several
// days), moved, re-dated, merged, closed, reopened and deleted; after every step the stored answer
// (patched by triggers, read through bikeCoverage) equals the naive SQL of the bench (bench/analysis/naive-coverage.sql: every
// buffer unioned from scratch) and agrees with Turf over the zone and issue lists. The uncovered
// count and the suggested sites, read from the stored cells (migration 0310), equal exactly the
// same answer counted afresh from the issues, and the sites agree with the cell rule applied in
// JavaScript to the naive SQL's uncovered points. Five windows' answers (whole days from the running
// sums per day, migration 0341) equal theirs counted afresh, and every running sum equals a count of
// the issues up to its day, and the kept uncovered issues (migration 0343) and the map's points
// read from them equal the issues tested afresh. Everything runs in one rolled-back transaction per
// sequence.

type Tx = Parameters<Parameters<Db['tx']>[0]>[0]

const naiveAreas = sql(new URL('../../bench/analysis/', import.meta.url).href, 'naive-coverage.sql')
/** The naive uncovered count: bike-parking issues outside the union built from scratch (naive-coverage.sql's union). */
const naiveUncovered = `
  WITH u AS (
    SELECT ST_Intersection(ST_Transform(s.boundary, 4547), ST_Union(ST_Buffer(ST_Transform(z.geom, 4547), $1, 8))) AS g
    FROM streets s JOIN bike_zones z ON z.street_id = s.id WHERE s.id = 1 GROUP BY s.boundary)
  SELECT count(*)::int AS n FROM issues i, u
  WHERE i.street_id = 1 AND i.category_code = 'bike_parking' AND NOT ST_Intersects(u.g, ST_Transform(i.geom, 4547))`

/** The naive uncovered points in EPSG:4547 (the stored x_m/y_m), for the cell rule in JavaScript. */
const naiveUncoveredPoints = `
  WITH u AS (
    SELECT ST_Intersection(ST_Transform(s.boundary, 4547), ST_Union(ST_Buffer(ST_Transform(z.geom, 4547), $1, 8))) AS g
    FROM streets s JOIN bike_zones z ON z.street_id = s.id WHERE s.id = 1 GROUP BY s.boundary)
  SELECT i.x_m AS x, i.y_m AS y FROM issues i, u
  WHERE i.street_id = 1 AND i.category_code = 'bike_parking' AND NOT ST_Intersects(u.g, ST_Transform(i.geom, 4547))
    AND ($2::timestamptz IS NULL OR i.reported_at >= $2) AND ($3::timestamptz IS NULL OR i.reported_at < $3)`

type Site = Awaited<ReturnType<typeof bikeCoverage>>['suggestions'][number]

/**
 * The cell rule over the naive SQL's uncovered points of a window: the listed sites have the same
 * strongest demands, and each is its cell's centroid with its cell's count.
 */
async function expectSites(q: Tx, suggestions: Site[], radius: number, w: { from?: Date; to?: Date }, step: string) {
  const points = await q.query<{ x: number; y: number }>(naiveUncoveredPoints, [radius, w.from ?? null, w.to ?? null])
  const sites = cellSites(points, radius)
  const demands = [...sites.values()].map((c) => c.demand).sort((a, b) => b - a)
  const label = `${step}: window ${JSON.stringify(w)}`
  expect(
    suggestions.map((x) => x.demand),
    `${label}: demands`,
  ).toEqual(demands.slice(0, MAX_SUGGESTIONS))
  const xy = await q.query<{ x: number; y: number }>(
    `SELECT ST_X(p) AS x, ST_Y(p) AS y
     FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS s(lon, lat, k),
          LATERAL ST_Transform(ST_SetSRID(ST_MakePoint(s.lon, s.lat), 4326), 4547) p
     ORDER BY s.k`,
    [suggestions.map((x) => x.lon), suggestions.map((x) => x.lat)],
  )
  suggestions.forEach((site, k) => {
    const { x, y } = xy[k]
    const cell = sites.get(`${Math.floor(x / (radius / 2))},${Math.floor(y / (radius / 2))}`)
    expect(cell?.demand, `${label}: site's cell`).toBe(site.demand)
    expect(Math.hypot(cell!.x - x, cell!.y - y), `${label}: site at its cell's centroid`).toBeLessThan(0.01)
    expect(site.gain_m2).toBeGreaterThanOrEqual(0)
    expect(site.gain_m2).toBeLessThanOrEqual(Math.PI * radius * radius)
  })
}

/** The suggested sites' rule (docs/api.md) in JavaScript: cells of side radius/2 holding at least 3 points. */
function cellSites(points: { x: number; y: number }[], radius: number) {
  const cells = new Map<string, { n: number; sx: number; sy: number }>()
  for (const p of points) {
    const key = `${Math.floor(p.x / (radius / 2))},${Math.floor(p.y / (radius / 2))}`
    const c = cells.get(key) ?? { n: 0, sx: 0, sy: 0 }
    cells.set(key, { n: c.n + 1, sx: c.sx + p.x, sy: c.sy + p.y })
  }
  return new Map([...cells].filter(([, c]) => c.n >= 3).map(([k, c]) => [k, { demand: c.n, x: c.sx / c.n, y: c.sy / c.n }]))
}

/**
 * Windows whose whole UTC days come from the cells' running sums (migration 0341) and whose partial
 * days from the issues: a partial first day, a window inside one day, open at either end, and one
 * ending within a day.
 */
const WINDOWS = [
  { from: new Date('2026-11-01T16:00:00Z'), to: new Date('2026-11-03T00:00:00Z') },
  { from: new Date('2026-11-01T01:00:00Z'), to: new Date('2026-11-01T20:00:00Z') },
  { to: new Date('2026-11-02T00:00:00Z') },
  { from: new Date('2026-11-01T12:00:00Z') },
  { from: new Date('2026-10-30T00:00:00Z'), to: new Date('2026-11-02T09:30:00Z') },
]

/** Reporting times of the sequences' issues: either side of UTC midnight and of the windows' ends. */
const TIMES = ['2026-10-30T23:30:00Z', '2026-11-01T02:00:00Z', '2026-11-01T18:00:00Z', '2026-11-02T02:00:00Z', '2026-11-03T05:00:00Z']

/** The street's uncovered bike-parking issues at radius $1, tested afresh: cell, UTC day, coordinates. */
const uncovered = `
  SELECT floor(i.x_m / ($1::float8 / 2))::int AS cx, floor(i.y_m / ($1::float8 / 2))::int AS cy,
         (i.reported_at AT TIME ZONE 'UTC')::date AS day, i.x_m::numeric AS x, i.y_m::numeric AS y
  FROM issues i JOIN bike_coverage c ON c.street_id = i.street_id AND c.radius_m = $1
  WHERE i.street_id = 1 AND i.category_code = 'bike_parking'
    AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))`

/**
 * The running sums per cell and UTC day (migration 0341) that disagree with a count from the issues
 * against the stored coverage: a row whose sums are not those of the cell's uncovered issues reported
 * up to the end of its day, a day with such issues and no row, or a cell whose last day (migration
 * 0341) is not its last row's.
 */
const badRunningSums = `
  WITH u AS (${uncovered})
  SELECT (SELECT count(*)::int FROM bike_gap_days d,
                 LATERAL (SELECT count(*)::int AS n, coalesce(sum(u.x), 0) AS sx, coalesce(sum(u.y), 0) AS sy FROM u
                          WHERE u.cx = d.cx AND u.cy = d.cy AND u.day <= d.day) b
          WHERE d.street_id = 1 AND d.radius_m = $1 AND (d.n, d.sx, d.sy) IS DISTINCT FROM (b.n, b.sx, b.sy)) AS wrong,
         (SELECT count(*)::int FROM (SELECT DISTINCT cx, cy, day FROM u) e
          WHERE NOT EXISTS (SELECT 1 FROM bike_gap_days d
                            WHERE d.street_id = 1 AND d.radius_m = $1 AND (d.cx, d.cy, d.day) = (e.cx, e.cy, e.day))) AS missing,
         (SELECT count(*)::int FROM bike_gap_cells g
          WHERE g.street_id = 1 AND g.radius_m = $1
            AND g.last_day IS DISTINCT FROM (SELECT max(d.day) FROM bike_gap_days d
                                             WHERE d.street_id = 1 AND d.radius_m = $1 AND (d.cx, d.cy) = (g.cx, g.cy))) AS stale`

/**
 * The kept uncovered issues (migration 0343) that disagree with the issues tested afresh against the
 * stored coverage: a missing or extra issue, or one whose cell, reporting time or position is not its own.
 */
const badGapIssues = `
  WITH f AS (
    SELECT i.id, floor(i.x_m / ($1::float8 / 2))::int AS cx, floor(i.y_m / ($1::float8 / 2))::int AS cy, i.reported_at, ST_AsEWKB(i.geom) AS g
    FROM issues i JOIN bike_coverage c ON c.street_id = i.street_id AND c.radius_m = $1
    WHERE i.street_id = 1 AND i.category_code = 'bike_parking'
      AND NOT ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(i.x_m, i.y_m), 4547))
  ), k AS (
    SELECT issue_id AS id, cx, cy, reported_at, ST_AsEWKB(geom) AS g FROM bike_gap_issues WHERE street_id = 1 AND radius_m = $1
  )
  SELECT count(*) FILTER (WHERE k.id IS NULL)::int AS missing, count(*) FILTER (WHERE f.id IS NULL)::int AS extra,
         count(*) FILTER (WHERE f.id IS NOT NULL AND k.id IS NOT NULL
                            AND (f.cx, f.cy, f.reported_at, f.g) IS DISTINCT FROM (k.cx, k.cy, k.reported_at, k.g))::int AS wrong
  FROM f FULL JOIN k ON k.id = f.id`

/**
 * The kept cuts at windows' ends (migration 0348) that disagree with the issues: per cut, the cells
 * whose kept sums are not those of the cell's uncovered issues reported before its day, or such a
 * cell missing; and how many cuts are kept at all.
 */
const badCuts = `
  WITH u AS (${uncovered}), kept AS (
    SELECT k.day, k.cx, k.cy, k.n, k.sx, k.sy FROM bike_gap_cut_cells k WHERE k.street_id = 1 AND k.radius_m = $1
  ), counted AS (
    SELECT b.day, u.cx, u.cy, count(*)::int AS n, sum(u.x) AS sx, sum(u.y) AS sy
    FROM bike_gap_cuts b JOIN u ON u.day < b.day
    WHERE b.street_id = 1 AND b.radius_m = $1
    GROUP BY 1, 2, 3
  )
  SELECT (SELECT count(*)::int FROM bike_gap_cuts WHERE street_id = 1 AND radius_m = $1) AS cuts,
         (SELECT count(*)::int FROM kept k FULL JOIN counted c USING (day, cx, cy)
          WHERE (coalesce(k.n, 0), coalesce(k.sx, 0), coalesce(k.sy, 0)) IS DISTINCT FROM (coalesce(c.n, 0), coalesce(c.sx, 0), coalesce(c.sy, 0))) AS wrong`

/** The map's uncovered points as the API found them before migration 0343: every issue of the window tested. */
const testedGapPoints = sql(new URL('../../bench/analysis/', import.meta.url).href, 'naive-gap-points.sql')

let db: Db
let boundary: Feature<Polygon | MultiPolygon>
let bbox: [number, number, number, number]

/** A deterministic pseudo-random source (mulberry32, fixtures/prng.ts). */
const rng = (seed: number) => makeRng(seed).next

beforeAll(async () => {
  db = await testDb()
  boundary = (await getJson<FeatureCollection<MultiPolygon>>('/api/v1/layers/boundary')).body.features[0]
  bbox = turf.bbox(boundary) as [number, number, number, number]
})

/** Turf's covered area of the street and its count of bike-parking issues farther than the radius from every zone. */
function turfAnswer(zones: Feature<Polygon>[], issues: [number, number][], radius: number) {
  const buffers = zones.map((z) => turf.buffer(z, radius, { units: 'meters', steps: 16 })!)
  const union = buffers.length > 1 ? turf.union(turf.featureCollection(buffers))! : buffers[0]
  const inside = turf.intersect(turf.featureCollection([union, boundary]))
  const far = issues.filter(([lon, lat]) =>
    zones.every((z) => turf.pointToPolygonDistance(turf.point([lon, lat]), z, { units: 'meters' }) > radius),
  ).length
  return { covered: inside ? turf.area(inside) : 0, uncovered: far }
}

async function checkStep(q: Tx, radius: number, step: string) {
  const got = await bikeCoverage(q, { street: 1, radius })
  const naive = await q.query<{ code: string; covered: number; street_covered: number }>(naiveAreas, [radius])
  const [{ n }] = await q.query<{ n: number }>(naiveUncovered, [radius])
  // The stored union is snapped to 1 mm (migration 0025): areas agree to well under a square metre.
  expect(Math.abs(got.covered_area_m2 - naive[0].street_covered), `${step}: street`).toBeLessThan(0.5)
  for (const g of naive) {
    const mine = got.grids.find((x) => x.grid_code === g.code)!
    expect(Math.abs(mine.covered_m2 - g.covered), `${step}: grid ${g.code}`).toBeLessThan(0.5)
  }
  expect(got.uncovered_issues, `${step}: uncovered`).toBe(n)
  // Turf over the lists (16-step buffers against PostGIS's 8 per quarter): within one percent.
  const listed = await q.query<{ g: Polygon }>(`SELECT ST_AsGeoJSON(geom)::json AS g FROM bike_zones WHERE street_id = 1 ORDER BY id`)
  expect(listed.length).toBeGreaterThan(0)
  const issues = await q.query<{ lon: number; lat: number }>(
    `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM issues WHERE street_id = 1 AND category_code = 'bike_parking'`,
  )
  const t = turfAnswer(
    listed.map((z) => turf.feature(z.g)),
    issues.map((i) => [i.lon, i.lat]),
    radius,
  )
  expect(Math.abs(got.covered_area_m2 - t.covered) / t.covered, `${step}: Turf area`).toBeLessThan(0.01)
  expect(Math.abs(got.uncovered_issues - t.uncovered), `${step}: Turf uncovered`).toBeLessThanOrEqual(Math.ceil(t.uncovered * 0.01) + 1)
  // The stored cells' answer is the one counted afresh from the issues: the same count, sites and
  // demands (same doubles); a gain kept from an earlier read (migration 0313) to within 1e-6 m², as
  // the overlay may order the same coverage's rings differently once it changed elsewhere.
  const fresh = await freshGaps(q, { street: 1, radius })
  const noGain = (xs: typeof fresh.suggestions) => xs.map(({ lon, lat, demand }) => ({ lon, lat, demand }))
  expect({ uncovered: got.uncovered_issues, suggestions: noGain(got.suggestions) }, `${step}: fresh`).toEqual({
    uncovered: fresh.uncovered,
    suggestions: noGain(fresh.suggestions),
  })
  got.suggestions.forEach((x, k) => expect(Math.abs(x.gain_m2 - fresh.suggestions[k].gain_m2), `${step}: gain ${k}`).toBeLessThan(1e-6))
  // A window's answer (its whole days from the running sums, its partial days from the issues,
  // stored per version) is the one counted afresh from the issues; a kept gain to within 1e-6 m².
  const windows: { from?: Date; to?: Date }[] = [{}, ...WINDOWS]
  for (const w of windows) {
    const kept = await bikeCoverage(q, { street: 1, radius, ...w, geometry: true })
    // The map's points, read from the kept uncovered issues, are those of every issue tested afresh.
    const [tested] = await q.query<{ gaps: unknown }>(testedGapPoints, [1, radius, w.from ?? null, w.to ?? null, MAX_GAP_POINTS])
    expect(kept.gaps, `${step}: points ${JSON.stringify(w)}`).toEqual(tested.gaps)
    expect((kept.gaps as { coordinates: unknown[] }).coordinates.length, `${step}: one point per uncovered issue`).toBe(kept.uncovered_issues)
    const again = await freshGaps(q, { street: 1, radius, ...w })
    expect({ uncovered: kept.uncovered_issues, suggestions: noGain(kept.suggestions) }, `${step}: window ${JSON.stringify(w)}`).toEqual({
      uncovered: again.uncovered,
      suggestions: noGain(again.suggestions),
    })
    kept.suggestions.forEach((x, k) => expect(Math.abs(x.gain_m2 - again.suggestions[k].gain_m2), `${step}: window gain ${k}`).toBeLessThan(1e-6))
    // Both from the same function: the window's sites also by the cell rule over the naive SQL.
    await expectSites(q, kept.suggestions, radius, w, step)
    // Read again, the window's answer comes from the one stored with it, and is the same.
    expect(await bikeCoverage(q, { street: 1, radius, ...w }), `${step}: stored ${JSON.stringify(w)}`).toMatchObject({
      uncovered_issues: kept.uncovered_issues,
      suggestions: kept.suggestions,
    })
  }
  expect((await q.query(badRunningSums, [radius]))[0], `${step}: running sums`).toEqual({ wrong: 0, missing: 0, stale: 0 })
  expect((await q.query(badGapIssues, [radius]))[0], `${step}: kept uncovered issues`).toEqual({ missing: 0, extra: 0, wrong: 0 })
  // Every window with a whole day kept its ends (migration 0348), and each equals a count from the issues.
  const [cuts] = await q.query<{ cuts: number; wrong: number }>(badCuts, [radius])
  expect(cuts, `${step}: kept cuts`).toEqual({ cuts: expect.any(Number), wrong: 0 })
  expect(cuts.cuts, `${step}: cuts kept`).toBeGreaterThan(0)
  await expectSites(q, got.suggestions, radius, {}, step)
  return got
}

describe('stored bike coverage under random zone edits and bike-parking reports', () => {
  it.each([
    [1, 300],
    [7, 100],
    [12, 300],
  ])(
    'seed %i at %i m: after every step the stored answer equals the naive SQL and Turf',
    async (seed, radius) => {
      const rand = rng(seed)
      const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]
      const point = (): [number, number] => {
        for (;;) {
          const p: [number, number] = [bbox[0] + rand() * (bbox[2] - bbox[0]), bbox[1] + rand() * (bbox[3] - bbox[1])]
          if (turf.booleanPointInPolygon(p, boundary)) return p
        }
      }
      const rollback = new Error('rollback')
      await expect(
        db.tx(async (q) => {
          await bikeCoverage(q, { street: 1, radius })
          const zones: string[] = []
          const issues: number[] = []
          let before = await checkStep(q, radius, 'start')
          let changedUncovered = false
          let changedSites = false
          for (let s = 0; s < 10; s++) {
            const op = pick([
              'zone+',
              'zone~',
              'zone-',
              'issue+',
              'issue+',
              'near',
              'near',
              'inside',
              'issue~',
              'retime',
              'merge',
              'close',
              'reopen',
              'delete',
            ])
            const label = `seed ${seed} step ${s} ${op}`
            if (op === 'zone+' || (op !== 'issue+' && op.startsWith('zone') && zones.length === 0)) {
              const [lon, lat] = point()
              const code = `TEST-PROP-${seed}-${s}`
              await q.query(
                `INSERT INTO bike_zones (street_id, code, name, capacity, geom)
               VALUES (1, $1, '测试', 10, ST_Envelope(ST_Expand(ST_SetSRID(ST_MakePoint($2, $3), 4326), 0.0001)))`,
                [code, lon, lat],
              )
              zones.push(code)
            } else if (op === 'zone~') {
              await q.query(`UPDATE bike_zones SET geom = ST_Translate(geom, $2, $3) WHERE street_id = 1 AND code = $1`, [
                pick(zones),
                (rand() - 0.5) * 0.003,
                (rand() - 0.5) * 0.003,
              ])
            } else if (op === 'zone-') {
              const code = zones.splice(Math.floor(rand() * zones.length), 1)[0]
              await q.query(`DELETE FROM bike_zones WHERE street_id = 1 AND code = $1`, [code])
            } else if (op === 'near' && (issues.length > 0 || before.suggestions.length > 0)) {
              // Within ~20 m of a listed site or of a report of ours: cells fill up to sites and grow.
              const [lon, lat] =
                issues.length === 0 || (before.suggestions.length > 0 && rand() < 0.5)
                  ? (({ lon, lat }) => [lon, lat])(pick(before.suggestions))
                  : (
                      await q.query<{ lon: number; lat: number }>(
                        'SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM issues WHERE street_id = 1 AND id = $1',
                        [pick(issues)],
                      )
                    ).map((r) => [r.lon, r.lat])[0]
              const [{ id }] = await q.query<{ id: number }>(
                `INSERT INTO issues (street_id, category_code, geom, grid_code, community_code, reported_at)
                 VALUES (1, 'bike_parking', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $3) RETURNING id`,
                [lon + (rand() - 0.5) * 0.0004, lat + (rand() - 0.5) * 0.0004, pick(TIMES)],
              )
              issues.push(id)
            } else if (op === 'inside' && zones.length > 0) {
              const [{ id }] = await q.query<{ id: number }>(
                `INSERT INTO issues (street_id, category_code, geom, grid_code, community_code, reported_at)
                 SELECT 1, 'bike_parking', ST_PointOnSurface(geom), '', '', '2026-11-01T10:00:00+08:00'
                 FROM bike_zones WHERE street_id = 1 AND code = $1 RETURNING id`,
                [pick(zones)],
              )
              issues.push(id)
            } else if (op === 'delete' && issues.length > 0) {
              const id = issues.splice(Math.floor(rand() * issues.length), 1)[0]
              await q.query(`DELETE FROM issues WHERE street_id = 1 AND id = $1`, [id])
            } else if (op === 'issue+' || op === 'near' || op === 'inside' || op === 'delete' || issues.length === 0) {
              const [lon, lat] = point()
              const [{ id }] = await q.query<{ id: number }>(
                `INSERT INTO issues (street_id, category_code, geom, grid_code, community_code, reported_at)
               VALUES (1, 'bike_parking', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $3) RETURNING id`,
                [lon, lat, pick(TIMES)],
              )
              issues.push(id)
            } else if (op === 'issue~') {
              const [lon, lat] = point()
              await q.query(`UPDATE issues SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE street_id = 1 AND id = $1`, [
                pick(issues),
                lon,
                lat,
              ])
            } else if (op === 'retime') {
              // Reported on another day: the issue moves between the running sums' days, not cells.
              await q.query(`UPDATE issues SET reported_at = $2 WHERE street_id = 1 AND id = $1`, [pick(issues), pick(TIMES)])
            } else if (op === 'merge') {
              const id = pick(issues)
              await q.query(
                `UPDATE issues SET status = 'closed', closed_at = now(),
                 merged_into = (SELECT min(id) FROM issues WHERE street_id = 1 AND id <> $1)
               WHERE street_id = 1 AND id = $1`,
                [id],
              )
            } else if (op === 'close') {
              await q.query(`UPDATE issues SET status = 'closed', closed_at = now() WHERE street_id = 1 AND id = $1`, [pick(issues)])
            } else {
              await q.query(`UPDATE issues SET status = 'reported', closed_at = NULL, merged_into = NULL WHERE street_id = 1 AND id = $1`, [
                pick(issues),
              ])
            }
            const after = await checkStep(q, radius, label)
            if (after.uncovered_issues !== before.uncovered_issues) changedUncovered = true
            if (JSON.stringify(after.suggestions) !== JSON.stringify(before.suggestions)) changedSites = true
            before = after
          }
          // The sequence must have exercised the answer, not only re-read a constant one.
          expect(changedUncovered || zones.length > 0).toBe(true)
          expect(changedSites, 'some step changed the suggested sites').toBe(true)
          throw rollback
        }),
      ).rejects.toBe(rollback)
    },
    120_000,
  )

  it('a report in a gap re-dated across days, windows and midnight moves between the running sums', async () => {
    const radius = 100
    const rollback = new Error('rollback')
    await expect(
      db.tx(async (q) => {
        const before = await checkStep(q, radius, 'start')
        const site = before.suggestions[0]
        const [{ id }] = await q.query<{ id: number }>(
          `INSERT INTO issues (street_id, category_code, geom, grid_code, community_code, reported_at)
           VALUES (1, 'bike_parking', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $3) RETURNING id`,
          [site.lon, site.lat, TIMES[0]],
        )
        const counts: number[] = []
        for (const at of [...TIMES.slice(1), TIMES[0]]) {
          await q.query(`UPDATE issues SET reported_at = $2 WHERE street_id = 1 AND id = $1`, [id, at])
          await checkStep(q, radius, `re-dated to ${at}`)
          counts.push((await bikeCoverage(q, { street: 1, radius, ...WINDOWS[0] })).uncovered_issues)
        }
        // Only the times inside the first window count there: the re-dating reached the answer.
        expect(new Set(counts).size).toBe(2)
        throw rollback
      }),
    ).rejects.toBe(rollback)
  }, 60_000)

  it('a bike-parking issue written inside the covered area keeps the stored answer; one outside replaces it', async () => {
    const radius = 300
    const rollback = new Error('rollback')
    const version = async (q: Tx) =>
      (await q.query<{ v: number }>('SELECT version AS v FROM bike_coverage WHERE street_id = 1 AND radius_m = $1', [radius]))[0].v
    await expect(
      db.tx(async (q) => {
        const before = await bikeCoverage(q, { street: 1, radius })
        const v0 = await version(q)
        // Inside a zone, so inside every buffer of it: no uncovered count or site can change.
        const [{ id }] = await q.query<{ id: number }>(
          `INSERT INTO issues (street_id, category_code, geom, grid_code, community_code, reported_at)
           SELECT 1, 'bike_parking', ST_PointOnSurface(geom), '', '', '2026-11-02T10:00:00+08:00'
           FROM bike_zones WHERE street_id = 1 ORDER BY id LIMIT 1 RETURNING id`,
        )
        expect(await version(q)).toBe(v0)
        expect(await checkStep(q, radius, 'covered issue added')).toEqual(before)
        // Moved to the strongest gap: now uncovered, the version moves and the answer follows.
        const site = before.suggestions[0]
        await q.query(`UPDATE issues SET geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE street_id = 1 AND id = $1`, [id, site.lon, site.lat])
        expect(await version(q)).toBeGreaterThan(v0)
        expect((await checkStep(q, radius, 'moved into a gap')).uncovered_issues).toBe(before.uncovered_issues + 1)
        const v1 = await version(q)
        await q.query(`DELETE FROM issues WHERE street_id = 1 AND id = $1`, [id])
        expect(await version(q)).toBeGreaterThan(v1)
        expect(await checkStep(q, radius, 'deleted')).toEqual(before)
        throw rollback
      }),
    ).rejects.toBe(rollback)
  }, 60_000)
})

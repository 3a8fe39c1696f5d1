import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { getJson } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { bikeCoverage, wholeDays } from './coverage.ts'

type Coverage = Awaited<ReturnType<typeof bikeCoverage>>
type Zones = FeatureCollection<Polygon, { code: string }>
type Areas = FeatureCollection<Polygon | MultiPolygon, { code: string }>

let db: Db
let zones: Zones
let boundary: Feature<Polygon | MultiPolygon>
let grids: Areas

/** Turf's covered part of `area`: buffers of every zone, unioned, intersected with the area. */
function turfCovered(area: Feature<Polygon | MultiPolygon>, zs: Feature<Polygon>[], radius: number): number {
  const buffers = zs.map((z) => turf.buffer(z, radius, { units: 'meters', steps: 16 })!)
  const union = buffers.length > 1 ? turf.union(turf.featureCollection(buffers))! : buffers[0]
  const inside = turf.intersect(turf.featureCollection([union, area]))
  return inside ? turf.area(inside) : 0
}

beforeAll(async () => {
  db = await testDb()
  zones = (await getJson<Zones>('/api/v1/layers/bike-zones')).body
  boundary = (await getJson<FeatureCollection<MultiPolygon>>('/api/v1/layers/boundary')).body.features[0]
  grids = (await getJson<Areas>('/api/v1/layers/grids')).body
})

describe("a window's whole UTC days (the running sums per day, migration 0341)", () => {
  it('are the days between its first midnight and its last, open ends infinite, none inside one day', () => {
    const d = (s: string) => new Date(s)
    expect(wholeDays(d('2026-11-01T16:00:00Z'), d('2026-11-03T00:00:00Z'))).toEqual(['2026-11-02', '2026-11-03'])
    expect(wholeDays(d('2026-11-01T00:00:00Z'), d('2026-11-02T23:59:59.999Z'))).toEqual(['2026-11-01', '2026-11-02'])
    expect(wholeDays(d('2026-11-01T00:00:00Z'), d('2026-11-01T23:00:00Z'))).toEqual([null, null])
    expect(wholeDays(d('2026-11-01T00:00:00.001Z'), d('2026-11-02T00:00:00Z'))).toEqual([null, null])
    expect(wholeDays(undefined, d('2026-11-02T08:00:00Z'))).toEqual(['-infinity', '2026-11-02'])
    expect(wholeDays(d('1969-12-31T12:00:00Z'))).toEqual(['1970-01-01', 'infinity'])
    expect(wholeDays()).toEqual([null, null])
  })
})

describe('GET /analysis/bike-coverage', () => {
  it.each([100, 300])('at %i m agrees with Turf buffers + union + area within one percent', async (radius) => {
    const { status, body } = await getJson<Coverage>(`/api/v1/analysis/bike-coverage?radius=${radius}`)
    expect(status).toBe(200)
    expect(zones.features).toHaveLength(23)
    const expected = turfCovered(boundary, zones.features, radius)
    expect(body.radius_m).toBe(radius)
    expect(Math.abs(body.covered_area_m2 - expected) / expected).toBeLessThan(0.01)
    expect(Math.abs(body.street_area_m2 - turf.area(boundary)) / turf.area(boundary)).toBeLessThan(0.01)
    expect(body.coverage_ratio).toBeCloseTo(expected / turf.area(boundary), 2)
    expect(body.coverage_ratio).toBeLessThan(1)
  })

  it('gives every grid a coverage ratio that matches Turf within 1% of its area', async () => {
    const { body } = await getJson<Coverage>('/api/v1/analysis/bike-coverage?radius=200')
    expect(body.grids.map((g) => g.grid_code)).toEqual(grids.features.map((f) => f.properties.code).sort())
    for (const f of grids.features.slice(0, 12)) {
      const got = body.grids.find((g) => g.grid_code === f.properties.code)!
      expect(Math.abs(got.coverage_ratio - turfCovered(f, zones.features, 200) / turf.area(f)), f.properties.code).toBeLessThan(0.01)
    }
    expect(body.grids.some((g) => g.coverage_ratio === 0) || body.grids.some((g) => g.coverage_ratio < 0.5)).toBe(true)
  })

  it("follows a grid's edited polygon: its area and ratio match Turf on the new shape (migration 0350)", async () => {
    const radius = 200
    const rollback = new Error('rollback')
    // The grid with the most covered area, cut to its half west of its centre.
    const before = await bikeCoverage(db, { street: 1, radius })
    const code = [...before.grids].sort((a, b) => b.covered_m2 - a.covered_m2)[0].grid_code
    const grid = grids.features.find((f) => f.properties.code === code)!
    const [w, s, , n] = turf.bbox(grid)
    const cx = turf.center(grid).geometry.coordinates[0]
    const half = turf.intersect(turf.featureCollection([grid as Feature<Polygon | MultiPolygon>, turf.bboxPolygon([w - 1, s - 1, cx, n + 1])]))!
    await expect(
      db.tx(async (q) => {
        await q.query(`UPDATE grids SET geom = ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326)) WHERE street_id = 1 AND code = $1`, [
          code,
          JSON.stringify(half.geometry),
        ])
        const after = await bikeCoverage(q, { street: 1, radius })
        const got = after.grids.find((g) => g.grid_code === code)!
        const expected = turfCovered(half, zones.features, radius) / turf.area(half)
        expect(Math.abs(got.coverage_ratio - expected)).toBeLessThan(0.01)
        expect(Math.abs(got.covered_m2 / got.coverage_ratio - turf.area(half)) / turf.area(half)).toBeLessThan(0.01)
        // Far from the whole grid's: the area divided by is the new one.
        const whole = before.grids.find((g) => g.grid_code === code)!
        expect(Math.abs(got.covered_m2 / got.coverage_ratio - whole.covered_m2 / whole.coverage_ratio)).toBeGreaterThan(turf.area(grid) / 4)
        throw rollback
      }),
    ).rejects.toBe(rollback)
    expect(await bikeCoverage(db, { street: 1, radius })).toEqual(before)
  })

  it('reads a stored answer without computing it again (one statement, coverage-read.sql)', async () => {
    const radius = 150
    // The gaps' function locks the coverage's row before it stores (migration 0335 order), which
    // marks the row with its transaction: a read that ran it leaves its own mark.
    const mark = async () =>
      (await db.query<{ x: string }>('SELECT xmax::text AS x FROM bike_coverage WHERE street_id = 1 AND radius_m = $1', [radius]))[0].x
    const first = await bikeCoverage(db, { street: 1, radius })
    const before = await mark()
    expect(await bikeCoverage(db, { street: 1, radius })).toEqual(first)
    expect(await mark()).toBe(before)
    // A window not stored yet runs it.
    await bikeCoverage(db, { street: 1, radius, from: new Date('2026-06-01T00:00:00Z'), to: new Date('2026-07-01T00:00:00Z') })
    expect(await mark()).not.toBe(before)
  })

  it('counts the bike-parking issues farther than the radius from every zone (Turf distances)', async () => {
    const issues = await db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM issues WHERE street_id = 1 AND category_code = 'bike_parking'`,
    )
    expect(issues.length).toBeGreaterThan(20)
    const rings = zones.features.map((z) => z)
    const far = (lon: number, lat: number, r: number) =>
      rings.every((z) => turf.pointToPolygonDistance(turf.point([lon, lat]), z, { units: 'meters' }) > r)
    for (const radius of [150, 300]) {
      const { body } = await getJson<Coverage>(`/api/v1/analysis/bike-coverage?radius=${radius}`)
      const expected = issues.filter((i) => far(i.lon, i.lat, radius)).length
      expect(Math.abs(body.uncovered_issues - expected), `radius ${radius}`).toBeLessThanOrEqual(Math.ceil(expected * 0.01))
      expect(body.uncovered_issues).toBeGreaterThan(0)
    }
  })

  it('suggests sites in uncovered demand, each adding area and inside the street', async () => {
    const { body } = await getJson<Coverage>('/api/v1/analysis/bike-coverage?radius=300')
    expect(body.suggestions.length).toBeGreaterThan(0)
    for (const s of body.suggestions) {
      expect(turf.booleanPointInPolygon([s.lon, s.lat], boundary)).toBe(true)
      expect(s.demand).toBeGreaterThan(0)
      expect(s.gain_m2).toBeGreaterThan(0)
      expect(s.gain_m2).toBeLessThanOrEqual(Math.PI * 300 * 300)
    }
    const demands = body.suggestions.map((s) => s.demand)
    expect(demands).toEqual([...demands].sort((a, b) => b - a))
  })

  it('patches the cached coverage in the same transaction when a zone is added and removed', async () => {
    const radius = 300
    await bikeCoverage(db, { street: 1, radius })
    const gap = (await getJson<Coverage>(`/api/v1/analysis/bike-coverage?radius=${radius}`)).body.suggestions[0]
    const square = turf.bboxPolygon(turf.bbox(turf.buffer(turf.point([gap.lon, gap.lat]), 10, { units: 'meters' })!)).geometry
    const rollback = new Error('rollback')
    await expect(
      db.tx(async (q) => {
        const [z] = await q.query<{ id: number }>(
          `INSERT INTO bike_zones (street_id, code, name, capacity, geom)
           VALUES (1, 'TEST-GAP', '测试', 10, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) RETURNING id`,
          [JSON.stringify(square)],
        )
        const added = await bikeCoverage(q, { street: 1, radius })
        const all = [...zones.features, turf.feature(square)]
        const expected = turfCovered(boundary, all as Feature<Polygon>[], radius)
        expect(Math.abs(added.covered_area_m2 - expected) / expected).toBeLessThan(0.01)
        await q.query('DELETE FROM bike_zones WHERE street_id = 1 AND id = $1', [z.id])
        const removed = await bikeCoverage(q, { street: 1, radius })
        const before = turfCovered(boundary, zones.features, radius)
        expect(Math.abs(removed.covered_area_m2 - before) / before).toBeLessThan(0.01)
        expect(added.covered_area_m2 - removed.covered_area_m2).toBeGreaterThan(gap.gain_m2 * 0.9)
        throw rollback
      }),
    ).rejects.toBe(rollback)
  })

  it('returns the uncovered issues as map points, as many as it counts, each outside every buffer (Turf)', async () => {
    const radius = 150
    const { body } = await getJson<Coverage>(`/api/v1/analysis/bike-coverage?radius=${radius}&geometry=true`)
    expect(body.covered?.type).toBe('MultiPolygon')
    const pts = body.gaps!.coordinates
    expect(pts.length).toBe(body.uncovered_issues)
    expect(pts.length).toBeGreaterThan(0)
    // Outside the union of 8-segment buffers: farther than the radius less the chord's sagitta (< 1 m at 150 m).
    for (const p of pts) {
      const nearest = Math.min(...zones.features.map((z) => turf.pointToPolygonDistance(turf.point(p), z, { units: 'meters' })))
      expect(nearest).toBeGreaterThan(radius - 1)
    }
  })

  it('keeps its answer until a bike-parking issue or a zone changes, and then follows the change', async () => {
    const radius = 300
    const rollback = new Error('rollback')
    const version = async (q: Db | Parameters<Parameters<Db['tx']>[0]>[0]) =>
      (await q.query<{ v: number }>('SELECT version AS v FROM bike_coverage WHERE street_id = 1 AND radius_m = $1', [radius]))[0].v
    const before = await bikeCoverage(db, { street: 1, radius })
    const site = before.suggestions[0]
    await expect(
      db.tx(async (q) => {
        const v0 = await version(q)
        // A new bike-parking issue in the strongest gap: one more uncovered issue.
        const [{ id }] = await q.query<{ id: number }>(
          `INSERT INTO issues (street_id, category_code, geom, grid_code, community_code, reported_at)
           VALUES (1, 'bike_parking', ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', '2026-11-01T10:00:00+08:00') RETURNING id`,
          [site.lon, site.lat],
        )
        expect(await version(q)).toBeGreaterThan(v0)
        const added = await bikeCoverage(q, { street: 1, radius })
        expect(added.uncovered_issues).toBe(before.uncovered_issues + 1)
        // A status change does not move the issue: same version, same stored answer.
        const v1 = await version(q)
        await q.query(`UPDATE issues SET status = 'assigned' WHERE street_id = 1 AND id = $1`, [id])
        expect(await version(q)).toBe(v1)
        expect(await bikeCoverage(q, { street: 1, radius })).toEqual(added)
        // A zone on the spot covers it (and its neighbours): fewer uncovered issues than before.
        await q.query(
          `INSERT INTO bike_zones (street_id, code, name, capacity, geom)
           VALUES (1, 'TEST-SITE', '测试', 10, ST_Envelope(ST_Expand(ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.00005)))`,
          [site.lon, site.lat],
        )
        const covered = await bikeCoverage(q, { street: 1, radius })
        expect(covered.uncovered_issues).toBeLessThanOrEqual(before.uncovered_issues + 1 - site.demand - 1)
        const fresh = await q.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM issues i WHERE i.street_id = 1 AND i.category_code = 'bike_parking'
             AND NOT EXISTS (SELECT 1 FROM bike_zones z WHERE z.street_id = 1 AND ST_DWithin(z.geom::geography, i.geom::geography, $1))`,
          [radius],
        )
        expect(Math.abs(covered.uncovered_issues - fresh[0].n)).toBeLessThanOrEqual(Math.ceil(fresh[0].n * 0.01))
        throw rollback
      }),
    ).rejects.toBe(rollback)
    // Rolled back: the stored answer is that of the committed state again.
    expect(await bikeCoverage(db, { street: 1, radius })).toEqual(before)
  })

  it('patches by difference among dense zones and still equals a full rebuild (street and every grid)', async () => {
    const radius = 100
    const rollback = new Error('rollback')
    /** The cached areas next to the same union built from scratch, per grid. */
    const compare = async (q: Parameters<Parameters<Db['tx']>[0]>[0]) => {
      const rows = await q.query<{ code: string; cached: number; fresh: number }>(
        `WITH f AS (SELECT bike_coverage_within(1, $1, NULL) AS g)
         SELECT '' AS code, ST_Area(c.geom) AS cached, ST_Area(f.g) AS fresh
         FROM bike_coverage c, f WHERE c.street_id = 1 AND c.radius_m = $1
         UNION ALL
         SELECT g.code, coalesce(cg.covered_m2, 0), ST_Area(ST_Intersection(ST_Transform(g.geom, 4547), f.g))
         FROM grids g CROSS JOIN f
         LEFT JOIN bike_coverage_grids cg ON cg.street_id = 1 AND cg.radius_m = $1 AND cg.grid_code = g.code
         WHERE g.street_id = 1`,
        [radius],
      )
      for (const r of rows) expect(Math.abs(r.cached - r.fresh), r.code || 'street').toBeLessThan(0.5)
      return rows[0].cached
    }
    await expect(
      db.tx(async (q) => {
        await bikeCoverage(q, { street: 1, radius })
        // 40 overlapping 8 m zones 3 m apart along a line from the street's inner point: each one's
        // buffer lies inside its neighbours' except at the ends, so moves and deletes in the middle
        // lose nothing (the difference path), and removing an end loses a crescent (the re-union path).
        await q.query(
          `INSERT INTO bike_zones (street_id, code, name, capacity, geom)
           SELECT 1, 'TEST-DENSE-' || k, '测试', 5,
                  ST_Transform(ST_Expand(ST_Translate(ST_Transform(ST_PointOnSurface(s.boundary), 4547), 3 * k, 0), 4), 4326)
           FROM streets s, generate_series(0, 39) k WHERE s.id = 1`,
        )
        const grown = await compare(q)
        const [{ v0 }] = await q.query<{ v0: number }>('SELECT version AS v0 FROM bike_coverage WHERE street_id = 1 AND radius_m = $1', [radius])
        // (Each of the 40 inserts above went through the "add what is new" path.) A ~1 m move in the
        // middle: nothing is lost, at most a sliver gained where no other zone reaches.
        await q.query(`UPDATE bike_zones SET geom = ST_Translate(geom, 0.00001, 0.00001) WHERE street_id = 1 AND code = 'TEST-DENSE-20'`)
        const moved = await compare(q)
        expect(moved).toBeGreaterThan(grown - 0.5)
        await q.query(`DELETE FROM bike_zones WHERE street_id = 1 AND code IN ('TEST-DENSE-10', 'TEST-DENSE-30')`)
        expect(await compare(q)).toBeCloseTo(moved, 0)
        // The end of the line goes: now area is lost, and the patch falls back to re-unioning.
        await q.query(`DELETE FROM bike_zones WHERE street_id = 1 AND code = 'TEST-DENSE-39'`)
        expect(await compare(q)).toBeLessThan(moved - 100)
        const [{ v1 }] = await q.query<{ v1: number }>('SELECT version AS v1 FROM bike_coverage WHERE street_id = 1 AND radius_m = $1', [radius])
        expect(v1).toBeGreaterThanOrEqual(v0 + 3)
        throw rollback
      }),
    ).rejects.toBe(rollback)
  })

  it('computes the gaps with a plan kept per connection and made for any values (migration 0344)', async () => {
    // A plan made for the values, at every read, cost more than running it; a generic plan is safe
    // because the window's partial days are ranges (the property test proves the answers).
    const [fn] = await db.query<{ config: string[] }>(`SELECT proconfig AS config FROM pg_proc WHERE proname = 'bike_coverage_gaps'`)
    expect(fn.config).toContain('plan_cache_mode=force_generic_plan')
    // Made without statistics for a new radius, a plan with loops read a window's whole cut per cell (0348).
    expect(fn.config).toContain('enable_nestloop=off')
  })

  it('rejects a radius that is not one of the allowed radii', async () => {
    for (const r of ['5', '1001', 'abc', '137', '300.5']) {
      const { status, body } = await getJson<{ error: { code: string } }>(`/api/v1/analysis/bike-coverage?radius=${r}`)
      expect(status, r).toBe(400)
      expect(body.error.code).toBe('invalid_parameter')
    }
  })
})

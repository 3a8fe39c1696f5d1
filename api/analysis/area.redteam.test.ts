import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Position } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { getJson, testApp } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import type { analyseArea } from './area.ts'
import { checkInStreet } from './polygon.ts'

// Red-team cases of issue 24 against POST /analysis/area: huge, holed, degenerate and
// meridian-crossing polygons from anonymous readers.

type Area = Awaited<ReturnType<typeof analyseArea>>
type Err = { error: { code: string; message: string } }
type Issue = { lon: number; lat: number }

const WORLD: Position[] = [
  [-180, -90],
  [180, -90],
  [180, 90],
  [-180, 90],
  [-180, -90],
]
const poly = (...rings: Position[][]) => ({ type: 'Polygon' as const, coordinates: rings })

let db: Db
let boundary: Feature<MultiPolygon>
let issues: Issue[]
let points: number

async function post<T>(polygon: unknown): Promise<{ status: number; body: T }> {
  const app = await testApp()
  const res = await app.request('/api/v1/analysis/area', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ polygon }),
  })
  return { status: res.status, body: (await res.json()) as T }
}

beforeAll(async () => {
  db = await testDb()
  // Row estimates as a running server has them (autovacuum): with them a big area is counted by
  // cells, the path on which the unclipped world failed and answered zero.
  await db.query('ANALYZE issues')
  boundary = (await getJson<FeatureCollection<MultiPolygon>>('/api/v1/layers/boundary')).body.features[0]
  issues = await db.query<Issue>('SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM issues WHERE street_id = 1')
  points = (await getJson<FeatureCollection>('/api/v1/layers/points')).body.features.length
})

/** The answer every polygon covering the whole street must give. */
function expectWholeStreet(body: Area) {
  expect(body.counts.total).toBe(issues.length)
  expect(body.control.total).toBe(0)
  expect(body.area_m2).toBeCloseTo(body.street_area_m2, 0)
  expect(Math.abs(body.area_m2 - turf.area(boundary)) / turf.area(boundary)).toBeLessThan(0.01)
  expect(body.field_points.length).toBe(points)
}

describe('POST /analysis/area: a whole-world polygon', () => {
  it('is clipped to the street before it is densified: thousands of vertices, not a million', async () => {
    const shape = await checkInStreet(db, 1, poly(WORLD))
    const [{ n }] = await db.query<{ n: number }>('SELECT ST_NPoints(ST_Segmentize($1::geometry, 0.001)) AS n', [shape])
    expect(n).toBeLessThan(1000)
  })

  it("answers the street's counts, not a zero", async () => {
    const { status, body } = await post<Area>(poly(WORLD))
    expect(status).toBe(200)
    expectWholeStreet(body)
  })

  it("answers 15 at once, each with the street's counts", async () => {
    const all = await Promise.all(Array.from({ length: 15 }, () => post<Area>(poly(WORLD))))
    for (const { status, body } of all) {
      expect(status).toBe(200)
      expectWholeStreet(body)
    }
  }, 300_000)

  it('with 99 holes far from the street answers the street; with overlapping holes, 422', async () => {
    const holes = Array.from({ length: 99 }, (_, k) => {
      const [x, y] = [-170 + (k % 10) * 30, -80 + Math.floor(k / 10) * 16]
      return [
        [x, y],
        [x, y + 1],
        [x + 1, y + 1],
        [x + 1, y],
        [x, y],
      ]
    })
    const ok = await post<Area>(poly(WORLD, ...holes))
    expect(ok.status).toBe(200)
    expectWholeStreet(ok.body)
    const overlapping = holes.map((_, k) => [
      [k / 10, 0],
      [k / 10, 10],
      [k / 10 + 10, 10],
      [k / 10 + 10, 0],
      [k / 10, 0],
    ])
    const bad = await post<Err>(poly(WORLD, ...overlapping))
    expect([bad.status, bad.body.error.code]).toEqual([422, 'invalid_geometry'])
  })
})

describe('POST /analysis/area: malformed polygons are 422 invalid_geometry, never 500', () => {
  const centre = () => turf.centroid(boundary).geometry.coordinates

  // Three points on a line in lon/lat: PostGIS calls some of them valid (rounding leaves a sliver),
  // and GEOS then fails on their overlay with the street (PGlite answered no row: a TypeError).
  it.each([0.001, 0.01, 0.1])('three points on a line spanning %f°', async (span) => {
    const [x, y] = centre()
    const ring = [
      [x - span, y - span / 3],
      [x + span / 3, y + span / 9],
      [x + span, y + span / 3],
      [x - span, y - span / 3],
    ]
    const { status, body } = await post<Err>(poly(ring))
    expect([status, body.error.code]).toEqual([422, 'invalid_geometry'])
  })

  it('a ring of one repeated point', async () => {
    const [x, y] = centre()
    const { status, body } = await post<Err>(
      poly([
        [x, y],
        [x, y],
        [x, y],
        [x, y],
      ]),
    )
    expect([status, body.error.code]).toEqual([422, 'invalid_geometry'])
  })

  it('a triangle across the 180° meridian, small or reaching round to the street', async () => {
    for (const ring of [
      [
        [170, 0],
        [-170, 10],
        [-170, -10],
        [170, 0],
      ],
      [
        [100, 0],
        [-170, 60],
        [-170, -60],
        [100, 0],
      ],
    ]) {
      const { status, body } = await post<Err>(poly(ring))
      expect([status, body.error.code], JSON.stringify(ring)).toEqual([422, 'invalid_geometry'])
    }
  })
})

describe('POST /analysis/area: a 999-point star across the street', () => {
  it('counts the issues inside it as Turf does', async () => {
    const [x, y] = turf.centroid(boundary).geometry.coordinates
    const ring = Array.from({ length: 999 }, (_, k) => {
      const [a, r] = [(2 * Math.PI * k) / 999, k % 2 ? 0.01 : 0.05]
      return [x + r * Math.cos(a), y + r * Math.sin(a)]
    })
    const star = poly([...ring, ring[0]])
    const { status, body } = await post<Area>(star)
    expect(status).toBe(200)
    const inside = issues.filter((i) => turf.booleanPointInPolygon([i.lon, i.lat], star)).length
    expect(inside).toBeGreaterThan(0)
    expect(body.counts.total).toBe(inside)
    expect(body.control.total).toBe(issues.length - inside)
  }, 120_000)
})

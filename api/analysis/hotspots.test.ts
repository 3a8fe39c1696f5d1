import * as turf from '@turf/turf'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { getJson } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import { giStar, significance } from './gistar.ts'
import type { bins, gridHotspots } from './hotspots.ts'

type Bins = Awaited<ReturnType<typeof bins>>
type Hot = { unit: string; grids: Awaited<ReturnType<typeof gridHotspots>> }
type Areas = FeatureCollection<Polygon | MultiPolygon, { code: string }>

let db: Db
beforeAll(async () => {
  db = await testDb()
})

/** Gi* in its general weighted form (Getis & Ord 1995), written independently of gistar.ts. */
function giGeneral(x: number[], w: number[][]): number[] {
  const n = x.length
  const xbar = x.reduce((a, b) => a + b) / n
  const s = Math.sqrt(x.map((v) => v * v).reduce((a, b) => a + b) / n - xbar ** 2)
  return x.map((_, i) => {
    const sw = w[i].reduce((a, b) => a + b)
    const sw2 = w[i].map((v) => v * v).reduce((a, b) => a + b)
    const num = w[i].reduce((a, wij, j) => a + wij * x[j], 0) - xbar * sw
    return num / (s * Math.sqrt((n * sw2 - sw ** 2) / (n - 1)))
  })
}

describe('Gi*', () => {
  it('matches the general weighted formula on a small chain', () => {
    const x = [1, 2, 3, 10, 12, 2, 1]
    const nb = x.map((_, i) => [i - 1, i + 1].filter((j) => j >= 0 && j < x.length))
    const w = x.map((_, i) => x.map((_, j) => (i === j || nb[i].includes(j) ? 1 : 0)))
    const got = giStar(x, nb)
    giGeneral(x, w).forEach((z, i) => expect(got[i]).toBeCloseTo(z, 12))
    expect(giStar([3, 3, 3], [[1], [0, 2], [1]])).toEqual([null, null, null])
  })

  it('classes z-scores at 90/95/99%', () => {
    expect([2.6, 2.0, 1.7, 1.0, -1.7, -2.0, -2.6].map(significance)).toEqual([
      'hot_99',
      'hot_95',
      'hot_90',
      'not_significant',
      'cold_90',
      'cold_95',
      'cold_99',
    ])
  })

  it('per grid equals Gi* on /stats per-km² values with Turf contiguity', async () => {
    await expectGiStarAsTurf()
  })

  // Shrinks a grid for a moment: only where no other test process reads the grids meanwhile.
  it.runIf(process.env.TEST_ENGINE !== 'postgres')('follows a grid that no longer touches its neighbours', async () => {
    await getJson('/api/v1/analysis/hotspots') // contiguity read and kept before the edit
    const [g] = await db.query<{ code: string; outline: string }>(
      `SELECT code, encode(ST_AsEWKB(geom), 'hex') AS outline FROM grids WHERE street_id = 1 ORDER BY code LIMIT 1`,
    )
    // A small square around a point inside it: it touches no other grid.
    await db.query(
      `UPDATE grids SET geom = ST_Multi(ST_Envelope(ST_Buffer(ST_PointOnSurface(geom)::geography, 5)::geometry)) WHERE street_id = 1 AND code = $1`,
      [g.code],
    )
    try {
      const hot = await expectGiStarAsTurf()
      expect(hot.grids.find((x) => x.grid_code === g.code)).toBeDefined()
    } finally {
      await db.query('UPDATE grids SET geom = $2::geometry WHERE street_id = 1 AND code = $1', [g.code, g.outline])
    }
    await expectGiStarAsTurf()
  })
})

/** GET /analysis/hotspots equals Gi* on /stats per-km² values with queen contiguity by Turf over /layers/grids. */
async function expectGiStarAsTurf(): Promise<Hot> {
  const grids = (await getJson<Areas>('/api/v1/layers/grids')).body.features
  const stats = (await getJson<{ grid_code: string; per_km2: number }[]>('/api/v1/stats/grids')).body
  const { status, body } = await getJson<Hot>('/api/v1/analysis/hotspots')
  expect(status).toBe(200)
  const codes = stats.map((s) => s.grid_code)
  const byCode = new Map(grids.map((g) => [g.properties.code, g]))
  const w = codes.map((a) => codes.map((b) => (a === b || turf.booleanIntersects(byCode.get(a)!, byCode.get(b)!) ? 1 : 0)))
  const expected = giGeneral(
    stats.map((s) => s.per_km2),
    w,
  )
  expect(body.grids.map((g) => g.grid_code)).toEqual(codes)
  body.grids.forEach((g, k) => expect(g.z!, g.grid_code).toBeCloseTo(expected[k], 4))
  expect(body.grids.some((g) => g.class !== 'not_significant')).toBe(true)
  return body
}

describe('GET /analysis/bins', () => {
  const naive = async (size: number, grid: 'ST_HexagonGrid' | 'ST_SquareGrid') =>
    db.query<{ i: number; j: number; n: number }>(
      `SELECT h.i, h.j, count(*)::int AS n
       FROM (SELECT ST_Transform(boundary, 4547) AS b FROM streets WHERE id = 1) s,
            ${grid}($1, s.b) h
       JOIN issues i ON i.street_id = 1 AND ST_Intersects(h.geom, ST_Transform(i.geom, 4547))
       GROUP BY h.i, h.j`,
      [size],
    )

  it.each([
    [100, 'hex', 'ST_HexagonGrid'],
    [250, 'hex', 'ST_HexagonGrid'],
    [100, 'square', 'ST_SquareGrid'],
  ] as const)('%i m %s bins equal a %s join', async (size, shape, grid) => {
    const { status, body } = await getJson<Bins>(`/api/v1/analysis/bins?size=${size}&shape=${shape}`)
    expect(status).toBe(200)
    const expected = await naive(size, grid)
    const got = new Map(body.features.map((f) => [`${f.properties.i},${f.properties.j}`, f.properties.count]))
    expect(got.size).toBe(expected.length)
    for (const e of expected) expect(got.get(`${e.i},${e.j}`), `${e.i},${e.j}`).toBe(e.n)
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM issues WHERE street_id = 1')
    expect(body.features.reduce((a, f) => a + f.properties.count, 0)).toBe(n)
  })

  it('applies the shared filters and rejects sizes outside 50–500 m', async () => {
    const all = (await getJson<Bins>('/api/v1/analysis/bins?size=200')).body
    const bikes = (await getJson<Bins>('/api/v1/analysis/bins?size=200&category=bike_parking')).body
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM issues WHERE street_id = 1 AND category_code = 'bike_parking'`)
    expect(bikes.features.reduce((a, f) => a + f.properties.count, 0)).toBe(n)
    expect(bikes.features.length).toBeLessThanOrEqual(all.features.length)
    expect((await getJson('/api/v1/analysis/bins?size=40')).status).toBe(400)
    expect((await getJson('/api/v1/analysis/bins?size=501')).status).toBe(400)
  })
})

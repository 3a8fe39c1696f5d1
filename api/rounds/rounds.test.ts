/** POST /rounds and GET /rounds/{id}: walking orders over listed or selected points, and progress. */
import { distance } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { testDb } from '../../db/testing/db.ts'
import { cookieOf, send, type Json } from '../issues/test-helpers.ts'
import { answers, checklistOf } from '../inspections/test-helpers.ts'

type Pt = { code: string; lon: number; lat: number; class_code: string; community_code: string; grid_code: string }

async function allPoints(): Promise<Pt[]> {
  const db = await testDb()
  return db.query<Pt>('SELECT code, ST_X(geom) AS lon, ST_Y(geom) AS lat, class_code, community_code, grid_code FROM field_points ORDER BY code')
}

const leg = (a: Pt, b: Pt) => distance([a.lon, a.lat], [b.lon, b.lat], { units: 'meters' })
const lengthOf = (pts: Pt[]) => pts.slice(1).reduce((s, p, k) => s + leg(pts[k], p), 0)

function bestOpenPath(pts: Pt[]): number {
  let best = Infinity
  const go = (path: Pt[], left: Pt[]) => {
    if (!left.length) best = Math.min(best, lengthOf(path))
    for (const p of left)
      go(
        [...path, p],
        left.filter((x) => x !== p),
      )
  }
  go([pts[0]], pts.slice(1))
  return best
}

const POST = async (body: unknown, who = 'inspector') => send('POST', '/api/v1/rounds', body, await cookieOf(who))

describe('POST /rounds', () => {
  it('orders listed points optimally from the first listed (brute force), length as Turf measures it', async () => {
    const pts = await allPoints()
    for (const pick of [
      [3, 40, 7, 66, 12, 80, 25],
      [82, 1, 50, 33, 17, 61, 9, 44],
    ]) {
      const listed = pick.map((k) => pts[k])
      const r = await POST({ points: listed.map((p) => p.code) })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.order[0]).toBe(listed[0].code)
      expect([...r.body.order].sort()).toEqual(listed.map((p) => p.code).sort())
      const walked = (r.body.order as string[]).map((c) => pts.find((p) => p.code === c)!)
      expect(r.body.length_m).toBeCloseTo(lengthOf(walked), 0)
      expect(r.body.length_m).toBeCloseTo(bestOpenPath(listed), 0)
    }
  })

  it('starts at `start` and selects by class, community, grid, drawn area or not inspected this week', async () => {
    const pts = await allPoints()
    const some = pts.filter((p) => p.class_code === 'residential')
    const r = await POST({ class: 'residential', start: some[2].code })
    expect(r.status).toBe(201)
    expect(r.body.order[0]).toBe(some[2].code)
    expect([...r.body.order].sort()).toEqual(some.map((p) => p.code))
    const com = await POST({ community: pts[0].community_code })
    expect([...com.body.order].sort()).toEqual(pts.filter((p) => p.community_code === pts[0].community_code).map((p) => p.code))
    const grid = await POST({ grid: pts[5].grid_code })
    expect([...grid.body.order].sort()).toEqual(pts.filter((p) => p.grid_code === pts[5].grid_code).map((p) => p.code))
    // a box around a few points (drawn area)
    const [minLon, maxLon, minLat, maxLat] = [pts[10].lon - 0.003, pts[10].lon + 0.003, pts[10].lat - 0.003, pts[10].lat + 0.003]
    const inBox = pts.filter((p) => p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat)
    const box = await POST({
      within: {
        type: 'Polygon',
        coordinates: [
          [
            [minLon, minLat],
            [maxLon, minLat],
            [maxLon, maxLat],
            [minLon, maxLat],
            [minLon, minLat],
          ],
        ],
      },
    })
    expect([...box.body.order].sort()).toEqual(inBox.map((p) => p.code))
    // a week nobody else writes: inspect one point of the class, then it drops out of "not inspected"
    const list = await checklistOf('mall')
    const mall = pts.filter((p) => p.class_code === 'mall')
    const at = '2026-03-04T10:00:00+08:00' // 2026-W10
    const ins = await send('POST', '/api/v1/inspections', { point_code: mall[0].code, items: await answers(list), at }, await cookieOf('inspector'))
    expect(ins.status).toBe(201)
    const left = await POST({ class: 'mall', not_inspected_in: '2026-W10' })
    expect([...left.body.order].sort()).toEqual(mall.slice(1).map((p) => p.code))
  })

  it('refuses unknown points, a start outside the set, an empty selection and a bad week; grid managers may not', async () => {
    const pts = await allPoints()
    const cases: [Json, number, string][] = [
      [{ points: [pts[0].code, 'NOPE'] }, 422, 'unknown_point'],
      [{ points: [pts[0].code, pts[1].code], start: pts[2].code }, 422, 'unknown_start'],
      [{ class: 'no_such_class' }, 422, 'no_points'],
      [{ not_inspected_in: '2026-W54' }, 400, 'invalid_parameter'],
    ]
    for (const [body, status, code] of cases) {
      const r = await POST(body)
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code])
    }
    expect((await POST({ points: [pts[0].code] }, 'grid01')).status).toBe(403)
  })
})

describe('GET /rounds/{id}', () => {
  it('shows progress: points inspected since the round was made, and the next one', async () => {
    const r = await POST({ class: 'hospital' })
    expect(r.body.progress).toEqual({ done: 0, total: r.body.order.length, next: r.body.order[0] })
    const first = r.body.order[0]
    const ins = await send(
      'POST',
      '/api/v1/inspections',
      { point_code: first, items: await answers(await checklistOf('hospital')) },
      await cookieOf('inspector'),
    )
    expect(ins.status).toBe(201)
    const g = await send('GET', `/api/v1/rounds/${r.body.id}`, undefined, await cookieOf('leader'))
    expect(g.body.progress.done).toBeGreaterThanOrEqual(1)
    expect(g.body.points[0]).toMatchObject({ code: first, inspected: true })
    expect((await send('GET', '/api/v1/rounds/999999999', undefined, await cookieOf('leader'))).status).toBe(404)
  })
})

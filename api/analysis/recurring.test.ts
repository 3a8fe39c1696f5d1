import * as turf from '@turf/turf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { getJson } from '../../db/testing/app.ts'
import { testDb } from '../../db/testing/db.ts'
import type { RecurringPlace } from './recurring.ts'

type Body = { places: RecurringPlace[] }
let db: Db
const ids: number[] = []
let centre: [number, number]

/** Inserts an issue `dx` metres east of the centre, reported on day `day` of 2032, closed on `closed`. */
async function add(dx: number, day: number, closed?: number) {
  const lon = centre[0] + dx / (111_320 * Math.cos((centre[1] * Math.PI) / 180))
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, closed_at)
     VALUES (1, 'flyposting', $3, ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $4, $5) RETURNING id`,
    [lon, centre[1], closed ? 'closed' : 'assigned', new Date(Date.UTC(2032, 0, day, 2)), closed ? new Date(Date.UTC(2032, 0, closed, 2)) : null],
  )
  ids.push(r.id)
}

beforeAll(async () => {
  db = await testDb()
  const [b] = await db.query<{ g: string }>('SELECT ST_AsGeoJSON(ST_PointOnSurface(boundary)) AS g FROM streets WHERE id = 1')
  centre = JSON.parse(b.g).coordinates
  // Four within 25 m (one closed on the 3rd, two reported after it), and one 300 m away.
  await add(0, 1, 3)
  await add(8, 2)
  await add(16, 5)
  await add(24, 9)
  await add(300, 10)
})

afterAll(async () => {
  await db.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY($1)', [ids])
})

describe('GET /analysis/recurring', () => {
  it('finds the 30 m cluster with its recurrences after 销号 and leaves the far issue out', async () => {
    const { status, body } = await getJson<Body>('/api/v1/analysis/recurring?from=2032-01-01&to=2032-02-01&min=3')
    expect(status).toBe(200)
    expect(body.places).toHaveLength(1)
    const [p] = body.places
    expect([p.category_code, p.issues, p.recurred_after_close, p.open]).toEqual(['flyposting', 4, 2, 3])
    expect(turf.distance([p.lon, p.lat], centre, { units: 'meters' })).toBeLessThan(20)
  })

  it('needs at least `min` issues', async () => {
    const { body } = await getJson<Body>('/api/v1/analysis/recurring?from=2032-01-01&to=2032-02-01&min=5')
    expect(body.places).toHaveLength(0)
  })
})

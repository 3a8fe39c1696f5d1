import * as turf from '@turf/turf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/adapter.ts'
import { testDb } from '../../db/testing/db.ts'
import { squareAt } from '../../db/testing/geo.ts'
import { sql } from '../../db/sql.ts'
import { checkInStreet } from '../analysis/polygon.ts'
import type { RecurringPlace } from '../analysis/recurring.ts'

// A campaign's 顽疾 read from the 10 m cell index (recurring-in-area-cells.sql, large streets) are held
// to the plain formulation (recurring-in-area.sql: every issue of the window found by the GiST index and
// tested with ST_Intersects on its lon/lat point, clustered on ST_Transform(geom, 4547)) and to Turf's
// count of the issues inside. Clusters are tight groups far
// apart, so that no point is a border point of two clusters (DBSCAN may give such a point to either).

const FAST = sql(import.meta.url, 'recurring-in-area-cells.sql')
const PLAIN = sql(import.meta.url, 'recurring-in-area.sql')

const FROM = new Date('2033-03-01T00:00:00+08:00')
const TO = new Date('2033-04-01T00:00:00+08:00')
const M_PER_DEG_LAT = 110_574
let db: Db
let centre: number[]
const ids: number[] = []
const pts: { lon: number; lat: number; category: string }[] = []

/** `n` issues of `category` within 6 m of (dx, dy) metres from the centre; every other one closed. */
async function group(dx: number, dy: number, n: number, category: string, day: number) {
  for (let k = 0; k < n; k++) {
    const lon = centre[0] + (dx + (k % 3) * 3) / (111_320 * Math.cos((centre[1] * Math.PI) / 180))
    const lat = centre[1] + (dy + Math.floor(k / 3) * 3) / M_PER_DEG_LAT
    const reported = new Date(FROM.getTime() + (day + k) * 86_400_000)
    const closed = k % 2 === 0 ? new Date(reported.getTime() + 2 * 86_400_000) : null
    const [r] = await db.query<{ id: number }>(
      `INSERT INTO issues (street_id, category_code, status, geom, grid_code, community_code, reported_at, closed_at)
       VALUES (1, $3, $4, ST_SetSRID(ST_MakePoint($1, $2), 4326), '', '', $5, $6) RETURNING id`,
      [lon, lat, category, closed ? 'closed' : 'assigned', reported, closed],
    )
    ids.push(r.id)
    pts.push({ lon, lat, category })
  }
}

beforeAll(async () => {
  db = await testDb()
  const [b] = await db.query<{ g: string }>('SELECT ST_AsGeoJSON(ST_PointOnSurface(boundary)) AS g FROM streets WHERE id = 1')
  centre = JSON.parse(b.g).coordinates
  await group(0, 0, 7, 'flyposting', 0) // inside
  await group(-60, 40, 5, 'clutter', 1) // inside
  await group(95, 0, 9, 'flyposting', 2) // straddles the square's east edge (at +100 m)
  await group(-70, -70, 4, 'noise', 3) // inside
  await group(300, 300, 6, 'clutter', 4) // outside
  await group(40, -80, 2, 'clutter', 5) // too few
})

afterAll(async () => {
  await db.query('DELETE FROM issues WHERE street_id = 1 AND id = ANY($1)', [ids])
})

describe("a campaign's 顽疾 from the cell index", () => {
  it('equal the plain formulation and keep only the part inside the area', async () => {
    const square = squareAt(centre, 200)
    const shape = await checkInStreet(db, 1, square)
    const args = [1, FROM, TO, null, 3, 50, shape]
    const fast = await db.query<RecurringPlace>(FAST, args)
    const plain = await db.query<RecurringPlace>(PLAIN, args)
    expect(fast.length).toBe(4)
    expect(fast.map((p) => [p.category_code, p.issues, p.recurred_after_close, p.open, p.first_at, p.last_at])).toEqual(
      plain.map((p) => [p.category_code, p.issues, p.recurred_after_close, p.open, p.first_at, p.last_at]),
    )
    fast.forEach((p, k) => {
      expect(p.lon).toBeCloseTo(plain[k].lon, 7)
      expect(p.lat).toBeCloseTo(plain[k].lat, 7)
    })
    // Turf: the straddling group keeps the issues inside the square, fewer than its nine
    const inside = pts.filter((p) => p.category === 'flyposting' && turf.booleanPointInPolygon([p.lon, p.lat], square)).length
    const flyposting = fast.filter((p) => p.category_code === 'flyposting').reduce((n, p) => n + p.issues, 0)
    expect(flyposting).toBe(inside)
    expect(inside).toBeLessThan(16)
    // categories and the window narrow it as the plain formulation does
    const narrowed = [1, FROM, new Date(FROM.getTime() + 5 * 86_400_000), ['flyposting'], 3, 50, shape]
    const strip = (rows: RecurringPlace[]) => rows.map((p) => ({ ...p, lon: p.lon.toFixed(7), lat: p.lat.toFixed(7) }))
    const few = await db.query<RecurringPlace>(FAST, narrowed)
    expect(few.length).toBe(1)
    expect(strip(few)).toEqual(strip(await db.query<RecurringPlace>(PLAIN, narrowed)))
  })
})

/**
 * Answers under writes (issue 18): what the wall and /plan read — statistics per grid, hex bins, Gi*
 * hotspots, the area analysis with before/after, bike coverage — is read through one app (so a
 * cached answer from before a write could come back), a report is written, and the next read must
 * show it: equal to the same request computed afresh (`Cache-Control: no-cache`), and, where this
 * process is alone on its database (PGlite), exactly one more issue than before the write.
 */
import { describe, expect, it } from 'vitest'
import { testApp } from '../../db/testing/app.ts'
import { cookieOf, pointInside, type Json } from '../issues/test-helpers.ts'
import { squareAt } from '../../db/testing/geo.ts'

const alone = process.env.TEST_ENGINE !== 'postgres'
// A window around the test clock (TEST_NOW, 2026-11-20 10:00 +08:00), where the new reports land.
const FROM = '2026-11-19T00:00:00+08:00'
const TO = '2026-11-21T00:00:00+08:00'
const Q = `from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`

describe('answers read while reports arrive', () => {
  it('show every report acknowledged before the request: equal to a fresh computation, one more issue each time', async () => {
    const app = await testApp()
    const cookie = await cookieOf('leader')
    const reporter = await cookieOf('inspector')
    const point = await pointInside(7)
    const area = JSON.stringify({
      polygon: squareAt(point, 300),
      from: FROM,
      to: TO,
      compare: { before: { from: '2026-11-01T00:00:00+08:00', to: FROM }, after: { from: FROM, to: TO } },
    })
    const call = async (path: string, fresh: boolean, body?: string): Promise<Json> => {
      const headers: Record<string, string> = { cookie, ...(fresh ? { 'cache-control': 'no-cache' } : {}) }
      const res = await app.request(path, body ? { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body } : { headers })
      expect(res.status, `${path}: ${res.status}`).toBe(200)
      return (await res.json()) as Json
    }
    const read = async (fresh: boolean) => {
      const grids = (await call(`/api/v1/stats/grids?${Q}`, fresh)) as Json[]
      const bins = await call(`/api/v1/analysis/bins?size=100&shape=hex&${Q}`, fresh)
      const hot = await call(`/api/v1/analysis/hotspots?${Q}`, fresh)
      const inArea = await call('/api/v1/analysis/area', fresh, area)
      const bike = await call(`/api/v1/analysis/bike-coverage?radius=300&${Q}`, fresh)
      return {
        grids: grids.reduce((s: number, g: Json) => s + g.total, 0),
        bins: (bins.features as Json[]).reduce((s: number, f: Json) => s + f.properties.count, 0),
        hotspots: (hot.grids as Json[]).reduce((s: number, g: Json) => s + g.count, 0),
        area: inArea.counts.total as number,
        after: inArea.before_after.after.area.total as number,
        bike: bike.uncovered_issues as number,
      }
    }
    let before = await read(false)
    for (const [k, category] of ['bike_parking', 'clutter', 'bike_parking', 'street_vending'].entries()) {
      // The cache now holds every answer of `before`; the write must retire all of them.
      expect(await read(false)).toEqual(before)
      const res = await app.request('/api/v1/issues', {
        method: 'POST',
        headers: { cookie: reporter, 'content-type': 'application/json' },
        body: JSON.stringify({ lon: point[0], lat: point[1], category, description: `测试：写后即读 ${k}` }),
      })
      expect(res.status).toBe(201)
      const now = await read(false)
      expect(now).toEqual(await read(true))
      if (alone) {
        expect({ grids: now.grids, bins: now.bins, hotspots: now.hotspots, area: now.area, after: now.after }).toEqual({
          grids: before.grids + 1,
          bins: before.bins + 1,
          hotspots: before.hotspots + 1,
          area: before.area + 1,
          after: before.after + 1,
        })
      } else {
        for (const key of ['grids', 'bins', 'hotspots', 'area', 'after'] as const) expect(now[key]).toBeGreaterThan(before[key])
      }
      before = now
    }
  })
})

import { describe, expect, it } from 'vitest'
import type { Feature, Point, Polygon } from 'geojson'
import type { Issue } from '../../api/queries.ts'
import { areaNumbers } from './area.ts'

// A 0.01° × 0.01° square near 东塘 (28.17°N).
const [x0, y0, d] = [112.99, 28.165, 0.01]
const square: Feature<Polygon> = {
  type: 'Feature', properties: {},
  geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]] },
}
const issue = (id: number, lon: number, lat: number, status: string, overdue = false, category_name = '占道经营') =>
  ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { id, status, overdue, category_name } }) as unknown as Issue
const pt = (lon: number, lat: number): Feature<Point> => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [lon, lat] } })

describe('drawn-area numbers', () => {
  it('measures the area in m² (checked against the spherical-zone formula)', () => {
    // Independent: area on a sphere of radius R between two meridians and parallels.
    const R = 6371008.8
    const rad = Math.PI / 180
    const expected = R * R * d * rad * (Math.sin((y0 + d) * rad) - Math.sin(y0 * rad))
    const n = areaNumbers(square, [], [])
    expect(Math.abs(n.areaM2 - expected) / expected).toBeLessThan(0.005)
  })

  it('counts only the issues and points inside, split by status', () => {
    const issues = [
      issue(1, x0 + 0.005, y0 + 0.005, 'reported', true),
      issue(2, x0 + 0.002, y0 + 0.008, 'closed', false, '暴露垃圾'),
      issue(3, x0 + 0.009, y0 + 0.001, 'rectifying'),
      issue(4, x0 - 0.001, y0 + 0.005, 'reported', true), // outside, west
    ]
    const n = areaNumbers(square, issues, [pt(x0 + 0.5 * d, y0 + 0.5 * d), pt(x0 + 2 * d, y0)])
    expect(n).toMatchObject({ total: 3, open: 2, overdue: 1, finished: 1, points: 1 })
    expect(n.topCategories[0]).toEqual({ name: '占道经营', count: 2 })
    expect(n.perKm2).toBeCloseTo(3 / (n.areaM2 / 1e6), 6)
  })
})

/** The box /points asks GET /issues for holds the whole 50 m circle around a point, at any latitude of China. */
import { destination } from '@turf/turf'
import { describe, expect, it } from 'vitest'
import { boxAround, NEAR_M } from './points.nearby.ts'

describe('boxAround', () => {
  it('contains every point NEAR_M metres away, in every direction', () => {
    for (const at of [
      [112.98, 28.15],
      [87.6, 43.8],
      [126.6, 45.8],
      [109.5, 18.25],
    ] as [number, number][]) {
      const [x1, y1, x2, y2] = boxAround(at, NEAR_M).split(',').map(Number)
      for (let bearing = -180; bearing < 180; bearing += 5) {
        const [x, y] = destination(at, NEAR_M, bearing, { units: 'meters' }).geometry.coordinates
        expect(x >= x1 && x <= x2 && y >= y1 && y <= y2, `${at} ${bearing}°`).toBe(true)
      }
      // and is not much bigger than the circle: under 1.2 × its diameter on a side
      expect((y2 - y1) * 111_320).toBeLessThan(2.4 * NEAR_M)
    }
  })
})

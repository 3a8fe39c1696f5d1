import { describe, expect, it } from 'vitest'
import { toBins } from './bins.ts'

describe('bins from the API', () => {
  it('centres each cell at the mean of its corners and keeps its count', () => {
    const square = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [2, 0],
          [2, 4],
          [0, 4],
          [0, 0],
        ],
      ],
    }
    expect(toBins([{ geometry: square, properties: { count: 7 } }])).toEqual([{ polygon: square.coordinates[0], position: [1, 2], count: 7 }])
  })

  it('skips geometries that are not polygons', () => {
    expect(
      toBins([
        { geometry: { type: 'Point', coordinates: [1, 2] }, properties: { count: 1 } },
        { geometry: null, properties: { count: 1 } },
      ]),
    ).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import { bbox } from '@turf/bbox'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import type { Feature, FeatureCollection, Polygon } from 'geojson'
import { bboxOf, labelPoint } from './labelPoint.ts'

const poly = (ring: number[][]): Feature<Polygon> => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } })

describe('label placement and bbox without Turf', () => {
  it('puts a convex polygon label at its centroid', () => {
    expect(
      labelPoint(
        poly([
          [0, 0],
          [4, 0],
          [4, 2],
          [0, 2],
          [0, 0],
        ]).geometry,
      ),
    ).toEqual([2, 1])
  })

  it('keeps a concave (U-shaped) polygon label inside the shape', () => {
    const u = poly([
      [0, 0],
      [6, 0],
      [6, 6],
      [4, 6],
      [4, 2],
      [2, 2],
      [2, 6],
      [0, 6],
      [0, 0],
    ])
    const p = labelPoint(u.geometry)!
    // The centroid of this U lies in the notch; the fallback must move it onto the shape (Turf decides).
    expect(booleanPointInPolygon(p, u)).toBe(true)
  })

  it('matches Turf bbox on a collection', () => {
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: [
        poly([
          [1, 5],
          [3, 9],
          [2, 2],
          [1, 5],
        ]),
        { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-1, 4] } },
      ],
    }
    expect(bboxOf(fc)).toEqual(bbox(fc))
  })
})

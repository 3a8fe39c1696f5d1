/** The bounding box of a set of polygons (the user's grids), for the tiles kept offline. */
import type { Feature, Geometry } from 'geojson'
import type { Bbox } from './tiles.ts'

/** West, south, east, north over every coordinate of `features`. */
export function bboxOf(features: Feature<Geometry>[]): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity]
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      box[0] = Math.min(box[0], c[0])
      box[1] = Math.min(box[1], c[1] as number)
      box[2] = Math.max(box[2], c[0])
      box[3] = Math.max(box[3], c[1] as number)
    } else if (Array.isArray(c)) c.forEach(walk)
  }
  for (const f of features) if (f.geometry && 'coordinates' in f.geometry) walk(f.geometry.coordinates)
  return box
}

/** The street's outline as an SVG the resident taps: a plain projection, no map library to download. */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'

export interface Outline {
  path: string
  /** Screen (SVG) coordinates ↔ lon/lat. */
  toLonLat(x: number, y: number): [number, number]
  toXY(lon: number, lat: number): [number, number]
  inside(lon: number, lat: number): boolean
  width: number
  height: number
}

/** An equirectangular frame scaled by cos(latitude) around the outline, 1000 units wide. */
export function makeOutline(boundary: { type: 'MultiPolygon'; coordinates: number[][][][] }): Outline {
  const pts = boundary.coordinates.flat(2)
  const [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))]
  const [y0, y1] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))]
  const k = Math.cos((((y0 + y1) / 2) * Math.PI) / 180)
  const width = 1000
  const s = width / ((x1 - x0) * k)
  const height = Math.round((y1 - y0) * s)
  const toXY = (lon: number, lat: number): [number, number] => [(lon - x0) * k * s, (y1 - lat) * s]
  const toLonLat = (x: number, y: number): [number, number] => [x0 + x / (k * s), y1 - y / s]
  const path = boundary.coordinates
    .flat(1)
    .map(
      (ring) =>
        'M' +
        ring
          .map(([lon, lat]) =>
            toXY(lon, lat)
              .map((v) => v.toFixed(1))
              .join(','),
          )
          .join('L') +
        'Z',
    )
    .join('')
  return { path, toLonLat, toXY, inside: (lon, lat) => booleanPointInPolygon([lon, lat], boundary), width, height }
}

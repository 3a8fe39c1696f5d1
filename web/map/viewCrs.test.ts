/**
 * The GCJ-02 shift both ways. Expected values come from the published GCJ-02 formula written out
 * here (the widely circulated "eviltransform" constants), not from gcoord, which the code uses.
 */
import { describe, expect, it } from 'vitest'
import { gcjToWgs, mapPositions, wgsToGcj } from './viewCrs.ts'

const A = 6378245.0
const EE = 0.006693421622965943
function tLat(x: number, y: number) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}
function tLng(x: number, y: number) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}
function formula([lng, lat]: [number, number]): [number, number] {
  let dLat = tLat(lng - 105, lat - 35)
  let dLng = tLng(lng - 105, lat - 35)
  const rad = (lat / 180) * Math.PI
  let magic = Math.sin(rad)
  magic = 1 - EE * magic * magic
  const sq = Math.sqrt(magic)
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * sq)) * Math.PI)
  dLng = (dLng * 180) / ((A / sq) * Math.cos(rad) * Math.PI)
  return [lng + dLng, lat + dLat]
}
/** Metres between two lon/lat positions (equirectangular: ample at these distances). */
const metres = (a: [number, number], b: [number, number]) =>
  Math.hypot((a[0] - b[0]) * 111320 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * 110574)

const PLACES: [number, number][] = [
  [113.0, 28.17], // the demo street (长沙)
  [116.397, 39.909], // 北京
  [121.4737, 31.2304], // 上海
  [114.0579, 22.5431], // 深圳
]

describe('GCJ-02 shift', () => {
  it('WGS84 → GCJ-02 matches the published formula to a centimetre, a shift of hundreds of metres', () => {
    for (const p of PLACES) {
      expect(metres(wgsToGcj(p), formula(p))).toBeLessThan(0.01)
      expect(metres(wgsToGcj(p), p)).toBeGreaterThan(100)
      expect(metres(wgsToGcj(p), p)).toBeLessThan(800)
    }
  })

  it('GCJ-02 → WGS84 undoes it to within 1 mm (≪ a z18 pixel, 0.6 m), checked through the formula', () => {
    for (const p of PLACES) {
      const g = formula(p)
      expect(metres(gcjToWgs(g), p)).toBeLessThan(0.001)
      expect(metres(formula(gcjToWgs(g)), g)).toBeLessThan(0.001)
    }
  })

  it('leaves positions outside China as they are', () => {
    expect(wgsToGcj([2.35, 48.85])).toEqual([2.35, 48.85])
    expect(gcjToWgs([2.35, 48.85])).toEqual([2.35, 48.85])
  })

  it('maps every position of GeoJSON, keeping properties and altitude, and not touching the input', () => {
    const fc = {
      type: 'FeatureCollection' as const,
      features: [
        { type: 'Feature' as const, properties: { code: 'G1' }, geometry: { type: 'Point' as const, coordinates: [113.0, 28.17, 12] } },
        {
          type: 'Feature' as const,
          properties: {},
          geometry: {
            type: 'MultiPolygon' as const,
            coordinates: [
              [
                [
                  [113, 28.1],
                  [113.1, 28.1],
                  [113.1, 28.2],
                  [113, 28.1],
                ],
              ],
            ],
          },
        },
      ],
    }
    const copy = JSON.parse(JSON.stringify(fc)) as typeof fc
    const out = mapPositions(fc, wgsToGcj)
    expect(fc).toEqual(copy)
    expect(out.features[0].properties).toEqual({ code: 'G1' })
    const pt = out.features[0].geometry.coordinates as number[]
    expect(metres([pt[0], pt[1]], formula([113.0, 28.17]))).toBeLessThan(0.01)
    expect(pt[2]).toBe(12)
    const ring = (out.features[1].geometry.coordinates as number[][][][])[0][0]
    expect(ring).toHaveLength(4)
    expect(metres(ring[2] as [number, number], formula([113.1, 28.2]))).toBeLessThan(0.01)
    const back = mapPositions(out, gcjToWgs)
    expect(metres((back.features[1].geometry.coordinates as number[][][][])[0][0][1] as [number, number], [113.1, 28.1])).toBeLessThan(0.001)
  })
})

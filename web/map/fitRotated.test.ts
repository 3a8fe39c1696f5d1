import { describe, expect, it } from 'vitest'
import { cameraAt, cameraToFill, type Camera, type Padding } from './fitRotated.ts'

/**
 * Screen pixels of a lon/lat under a camera, written independently of the code under test: the
 * spherical Mercator of textbooks (y = ln tan(π/4 + φ/2)) and a screen turned clockwise by the bearing.
 */
function project([lon, lat]: [number, number], cam: Camera, width: number, height: number): [number, number] {
  const world = 512 * 2 ** cam.zoom
  const m = (p: [number, number]) => [
    ((p[0] + 180) / 360) * world,
    (0.5 - Math.log(Math.tan(Math.PI / 4 + (p[1] * Math.PI) / 360)) / (2 * Math.PI)) * world,
  ]
  const [x, y] = m([lon, lat])
  const [cx, cy] = m(cam.center)
  const a = (-cam.bearing * Math.PI) / 180
  const dx = x - cx
  const dy = y - cy
  return [width / 2 + dx * Math.cos(a) - dy * Math.sin(a), height / 2 + dx * Math.sin(a) + dy * Math.cos(a)]
}

// A street 1 km wide and 4 km long, north–south, near Changsha.
const LON = 113.0
const LAT = 28.17
const dLon = 1000 / (111_320 * Math.cos((LAT * Math.PI) / 180))
const dLat = 4000 / 110_574
const tall: [number, number][] = [
  [LON, LAT],
  [LON + dLon, LAT],
  [LON + dLon, LAT + dLat],
  [LON, LAT + dLat],
]
const PAD: Padding = { top: 40, right: 40, bottom: 120, left: 40 }

function extent(pts: [number, number][]) {
  const xs = pts.map((p) => p[0])
  const ys = pts.map((p) => p[1])
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) }
}

describe('cameraToFill', () => {
  it('turns a long north–south street to lie along a wide panel, and every corner stays inside the padded box', () => {
    const [W, H] = [1000, 560]
    const cam = cameraToFill(tall, W, H, PAD)
    expect(Math.abs(cam.bearing)).toBeGreaterThan(80)
    const e = extent(tall.map((v) => project(v, cam, W, H)))
    expect(e.x0).toBeGreaterThanOrEqual(PAD.left - 0.5)
    expect(e.x1).toBeLessThanOrEqual(W - PAD.right + 0.5)
    expect(e.y0).toBeGreaterThanOrEqual(PAD.top - 0.5)
    expect(e.y1).toBeLessThanOrEqual(H - PAD.bottom + 0.5)
    // Tight on at least one axis: the shape fills the box's width or its height.
    const fillsW = e.x1 - e.x0 > W - PAD.left - PAD.right - 1
    const fillsH = e.y1 - e.y0 > H - PAD.top - PAD.bottom - 1
    expect(fillsW || fillsH).toBe(true)
    // Drawn larger than north-up: the gain is what a north-up fit would leave unused.
    const north = cameraAt(tall, W, H, PAD, 0)
    expect(cam.zoom - north.zoom).toBeGreaterThan(1)
  })

  it('keeps north up when turning gains little (a square)', () => {
    const side = 2000 / 110_574
    const square: [number, number][] = [
      [LON, LAT],
      [LON + side, LAT],
      [LON + side, LAT + side],
      [LON, LAT + side],
    ]
    const cam = cameraToFill(square, 1000, 560, PAD)
    expect(cam.bearing).toBe(0)
    const e = extent(square.map((v) => project(v, cam, 1000, 560)))
    // Centred in the padded box.
    expect((e.y0 + e.y1) / 2).toBeCloseTo((PAD.top + 560 - PAD.bottom) / 2, 0)
    expect((e.x0 + e.x1) / 2).toBeCloseTo(500, 0)
  })

  it('respects the maximum zoom', () => {
    const tiny: [number, number][] = [
      [LON, LAT],
      [LON + 1e-6, LAT + 1e-6],
    ]
    expect(cameraToFill(tiny, 1000, 560, PAD, 0.35, 17).zoom).toBe(17)
  })
})

/**
 * A camera that makes a shape fill a panel: tries every bearing and keeps the one with the highest
 * zoom, so a long thin street on a wide wall panel is turned to lie along the panel. North-up wins
 * unless turning gains a clear margin (a leader reads a north-up map more easily).
 */

export type Padding = { top: number; right: number; bottom: number; left: number }
export type Camera = { center: [number, number]; zoom: number; bearing: number }

const TILE = 512
const RAD = Math.PI / 180

/** Web Mercator in world units of zoom 0 (0..1 on both axes). */
function mercator([lon, lat]: [number, number]): [number, number] {
  const s = Math.sin(lat * RAD)
  return [(lon + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)]
}

function unmercator([x, y]: [number, number]): [number, number] {
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI
  return [x * 360 - 180, lat]
}

/**
 * The screen axes of a map turned by `bearing` (degrees clockwise from north to the top of the
 * screen, as MapLibre counts it): right = (cos b, sin b), down = (−sin b, cos b) in Mercator units.
 */
function toScreen([x, y]: [number, number], b: number): [number, number] {
  const c = Math.cos(b * RAD)
  const s = Math.sin(b * RAD)
  return [x * c + y * s, -x * s + y * c]
}

function fromScreen([u, v]: [number, number], b: number): [number, number] {
  const c = Math.cos(b * RAD)
  const s = Math.sin(b * RAD)
  return [u * c - v * s, u * s + v * c]
}

/** The camera showing every vertex at `bearing` inside the padded panel, as large as possible. */
export function cameraAt(vertices: [number, number][], width: number, height: number, pad: Padding, bearing: number, maxZoom = 17): Camera {
  const pts = vertices.map((v) => toScreen(mercator(v), bearing))
  const us = pts.map((p) => p[0])
  const vs = pts.map((p) => p[1])
  const [u0, u1, v0, v1] = [Math.min(...us), Math.max(...us), Math.min(...vs), Math.max(...vs)]
  const w = Math.max(1, width - pad.left - pad.right)
  const h = Math.max(1, height - pad.top - pad.bottom)
  const zoom = Math.min(maxZoom, Math.log2(Math.min(w / ((u1 - u0) * TILE || 1e-12), h / ((v1 - v0) * TILE || 1e-12))))
  // The shape's middle sits in the middle of the padded box; the map centre is offset by half the
  // padding difference (in world units at that zoom).
  const scale = TILE * 2 ** zoom
  const cu = (u0 + u1) / 2 - (pad.left - pad.right) / 2 / scale
  const cv = (v0 + v1) / 2 - (pad.top - pad.bottom) / 2 / scale
  return { center: unmercator(fromScreen([cu, cv], bearing)), zoom, bearing }
}

/**
 * The best bearing in whole degrees within ±90°. `keepNorth` is the zoom gain (in zoom levels) a
 * turn must bring before north-up is given up; 0.35 ≈ the shape drawn 27 % larger.
 */
export function cameraToFill(vertices: [number, number][], width: number, height: number, pad: Padding, keepNorth = 0.35, maxZoom = 17): Camera {
  const north = cameraAt(vertices, width, height, pad, 0, maxZoom)
  let best = north
  for (let b = -89; b <= 90; b++) {
    const cam = cameraAt(vertices, width, height, pad, b, maxZoom)
    if (cam.zoom > best.zoom + 1e-9) best = cam
  }
  return best.zoom - north.zoom >= keepNorth ? best : north
}

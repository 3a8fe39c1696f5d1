/** Where to put a polygon's label without pulling Turf into every route: centroid if inside, else a vertex-scan fallback. */
import type { Geometry } from 'geojson'

type Ring = number[][]

function inside([x, y]: number[], ring: Ring): boolean {
  let hit = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit
  }
  return hit
}

/** Area-weighted centroid of the largest outer ring; when that falls outside (a concave shape), the midpoint of the widest horizontal chord through it. */
export function labelPoint(g: Geometry): [number, number] | null {
  const rings: Ring[] = g.type === 'Polygon' ? [g.coordinates[0]] : g.type === 'MultiPolygon' ? g.coordinates.map((p) => p[0]) : []
  if (rings.length === 0) return null
  let best: { ring: Ring; a: number; cx: number; cy: number } | null = null
  for (const ring of rings) {
    let a = 0,
      cx = 0,
      cy = 0
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1]
      a += f
      cx += (ring[j][0] + ring[i][0]) * f
      cy += (ring[j][1] + ring[i][1]) * f
    }
    if (a !== 0 && (!best || Math.abs(a) > Math.abs(best.a))) best = { ring, a, cx: cx / (3 * a), cy: cy / (3 * a) }
  }
  if (!best) return null
  if (inside([best.cx, best.cy], best.ring)) return [best.cx, best.cy]
  // Concave: intersect the horizontal line through the centroid with the ring and take the widest span.
  const y = best.cy
  const xs: number[] = []
  const r = best.ring
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i]
    const [xj, yj] = r[j]
    if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi))
  }
  xs.sort((p, q) => p - q)
  let span: [number, number] = [r[0][0], r[0][0]]
  for (let k = 0; k + 1 < xs.length; k += 2) if (xs[k + 1] - xs[k] > span[1] - span[0]) span = [xs[k], xs[k + 1]]
  return [(span[0] + span[1]) / 2, y]
}

/** [minLon, minLat, maxLon, maxLat] of any GeoJSON (a small walk instead of Turf, kept out of every route's bundle). */
export function bboxOf(g: unknown): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  const walk = (v: unknown): void => {
    if (!Array.isArray(v)) {
      if (v && typeof v === 'object') {
        const o = v as { coordinates?: unknown; geometry?: unknown; features?: unknown[]; geometries?: unknown[] }
        if (o.coordinates) walk(o.coordinates)
        else if (o.geometry) walk(o.geometry)
        else for (const x of o.features ?? o.geometries ?? []) walk(x)
      }
      return
    }
    if (typeof v[0] === 'number') {
      b[0] = Math.min(b[0], v[0])
      b[1] = Math.min(b[1], v[1] as number)
      b[2] = Math.max(b[2], v[0])
      b[3] = Math.max(b[3], v[1] as number)
    } else for (const x of v) walk(x)
  }
  walk(g)
  return b
}

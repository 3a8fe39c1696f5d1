/** Issues counted per cell by the server (GET /analysis/bins): what the maps draw instead of every issue. */
import { api, fetchJson } from './client.ts'
import { clean, type Filter } from './queries.ts'

/** One non-empty cell: its outline, its centre (the mean of its corners; cells are convex) and its count. */
export interface Bin {
  polygon: [number, number][]
  position: [number, number]
  count: number
}

/** The outer ring of a GeoJSON Polygon geometry, or null for anything else. */
function outerRing(g: unknown): [number, number][] | null {
  const p = g as { type?: unknown; coordinates?: unknown } | null
  if (p?.type !== 'Polygon' || !Array.isArray(p.coordinates) || !Array.isArray(p.coordinates[0])) return null
  return p.coordinates[0] as [number, number][]
}

/** Turns the API's cells into bins (the ring's closing corner is counted once). */
export function toBins(features: { geometry: unknown; properties: { count: number } }[]): Bin[] {
  const out: Bin[] = []
  for (const f of features) {
    const ring = outerRing(f.geometry)
    if (!ring || ring.length < 4) continue
    const corners = ring.slice(0, -1)
    const x = corners.reduce((s, c) => s + c[0], 0) / corners.length
    const y = corners.reduce((s, c) => s + c[1], 0) / corners.length
    out.push({ polygon: ring, position: [x, y], count: f.properties.count })
  }
  return out
}

/** GET /analysis/bins under the filter: 100 m hexagons by default (the stored cell, the fastest path). */
export async function getBins(f: Filter = {}, size = 100): Promise<Bin[]> {
  const fc = await fetchJson(api.analysis.bins.$get({ query: { ...clean(f), size: String(size), shape: 'hex' } }))
  return toBins(fc.features)
}

/** Test helpers: fetch a street tile through the app and decode it with @mapbox/vector-tile. */
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import type { testApp } from '../../db/testing/app.ts'

type App = Awaited<ReturnType<typeof testApp>>

/** The status, headers and decoded layers (null when the tile has no body) of tile z/x/y. */
export async function fetchTile(app: App, t: { z: number; x: number; y: number }, init?: RequestInit) {
  const res = await app.request(`/api/v1/tiles/street/${t.z}/${t.x}/${t.y}.mvt`, init)
  const bytes = new Uint8Array(await res.arrayBuffer())
  return { status: res.status, headers: res.headers, bytes, tile: bytes.length ? new VectorTile(new PbfReader(bytes)) : null }
}

/** Every feature of a decoded layer (none when the tile lacks the layer). */
export function featuresOf(tile: VectorTile | null, layer: string) {
  const l = tile?.layers[layer]
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : []
}

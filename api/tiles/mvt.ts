/** Mapbox Vector Tile encoding of features already cut to a tile's integer grid (street-tile.sql). */
import { fromVectorTileJs, type VectorTileFeatureLike, type VectorTileLayerLike } from '@maplibre/vt-pbf'
import type { Geometry, Position } from 'geojson'

/** Tile grid size and the buffer around it, in tile units (MapLibre's defaults). */
export const TILE_EXTENT = 4096
export const TILE_BUFFER = 64

/** A feature of one layer, its geometry in tile coordinates (y down). */
export interface TileFeature {
  layer: string
  id: number | null
  props: Record<string, unknown>
  geometry: Geometry
}

type Xy = { x: number; y: number }
// vt-pbf's writer reads only x and y of each point (no @mapbox/point-geometry methods)
type Rings = ReturnType<VectorTileFeatureLike['loadGeometry']>

const xy = (p: Position): Xy => ({ x: p[0], y: p[1] })

/** Twice the signed area in tile coordinates (y down): positive is what MVT calls clockwise. */
function area2(ring: Position[]): number {
  let s = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1]
  return s
}

/** MVT 2.1: an exterior ring has positive area, its holes negative, each right after its exterior. */
function wound(polygon: Position[][]): Xy[][] {
  return polygon.map((ring, k) => {
    const outer = k === 0
    return area2(ring) > 0 === outer ? ring.map(xy) : [...ring].reverse().map(xy)
  })
}

/** The geometry's parts of the highest dimension as an MVT type (1 point, 2 line, 3 polygon) and rings. */
export function toRings(g: Geometry): { type: 1 | 2 | 3; rings: Xy[][] } | null {
  const parts: Geometry[] = g.type === 'GeometryCollection' ? g.geometries : [g]
  const polygons = parts.flatMap((p) => (p.type === 'Polygon' ? [p.coordinates] : p.type === 'MultiPolygon' ? p.coordinates : []))
  if (polygons.length) return { type: 3, rings: polygons.flatMap(wound) }
  const lines = parts.flatMap((p) => (p.type === 'LineString' ? [p.coordinates] : p.type === 'MultiLineString' ? p.coordinates : []))
  if (lines.length) return { type: 2, rings: lines.map((l) => l.map(xy)) }
  const points = parts.flatMap((p) => (p.type === 'Point' ? [p.coordinates] : p.type === 'MultiPoint' ? p.coordinates : []))
  return points.length ? { type: 1, rings: [points.map(xy)] } : null
}

/** MVT values are strings, numbers and booleans; a null property is left out. */
function tags(props: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(props)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v
  return out
}

/** The protobuf of a tile holding `features`, one MVT layer per distinct `layer`, in their order. */
export function encodeTile(features: TileFeature[]): Uint8Array<ArrayBuffer> {
  const byLayer = new Map<string, VectorTileFeatureLike[]>()
  for (const f of features) {
    const shape = toRings(f.geometry)
    if (!shape) continue
    const list = byLayer.get(f.layer) ?? []
    list.push({
      type: shape.type,
      id: f.id ?? undefined,
      properties: tags(f.props),
      extent: TILE_EXTENT,
      loadGeometry: () => shape.rings as unknown as Rings,
    })
    byLayer.set(f.layer, list)
  }
  const layers: Record<string, VectorTileLayerLike> = {}
  for (const [name, list] of byLayer) layers[name] = { version: 2, name, extent: TILE_EXTENT, length: list.length, feature: (i) => list[i] }
  // a copy the size of the tile, typed as a plain ArrayBuffer for a Response body
  return new Uint8Array(fromVectorTileJs({ layers }))
}

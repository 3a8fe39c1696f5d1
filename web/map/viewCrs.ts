/**
 * GCJ-02 basemaps (issue 19): the map shell draws on a GCJ-02 basemap with every overlay shifted into
 * GCJ-02, and shifts what the user points at back to WGS84, so the API and the database only ever
 * see WGS84. One place does it for every feature:
 * - GeoJSON sources: `addSource` and each source's `setData` shift a copy of the data (exact, per vertex);
 * - `map.project` / `map.unproject` (markers, labels, click and draw positions: MapLibre builds
 *   `e.lngLat` with `unproject`) and `map.getBounds` (what a view asks the API for) go through the shift;
 * - deck.gl layers get a model matrix translating lng/lat by the shift at the view's centre (it
 *   changes by ~4 m per km, so under a pixel across a z18 view; recomputed after each move).
 */
import gcoord from 'gcoord'
import { LngLat, LngLatBounds, type GeoJSONSource, type LngLatLike, type Map as MlMap, type PointLike, type SourceSpecification } from 'maplibre-gl'

export type Crs = 'wgs84' | 'gcj02'
type Pos = [number, number]

/** WGS84 → GCJ-02 (gcoord). */
export const wgsToGcj = (p: Pos): Pos => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as Pos
/** GCJ-02 → WGS84: gcoord's inverse (~10 cm) refined twice by fixed-point steps to well under a millimetre. */
export function gcjToWgs(g: Pos): Pos {
  let w = gcoord.transform(g, gcoord.GCJ02, gcoord.WGS84) as Pos
  for (let i = 0; i < 2; i++) {
    const f = wgsToGcj(w)
    w = [w[0] + g[0] - f[0], w[1] + g[1] - f[1]]
  }
  return w
}

/** A copy of GeoJSON (any object: FeatureCollection, Feature, geometry) with every position mapped by `f`. */
export function mapPositions<T>(data: T, f: (p: Pos) => Pos): T {
  const coords = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number' ? [...f([c[0], c[1] as number]), ...c.slice(2)] : Array.isArray(c) ? c.map(coords) : c
  const walk = (o: unknown): unknown => {
    if (Array.isArray(o)) return o.map(walk)
    if (!o || typeof o !== 'object') return o
    const r = o as Record<string, unknown>
    if ('coordinates' in r && 'type' in r) return { ...r, coordinates: coords(r.coordinates) }
    if (r.type === 'GeometryCollection') return { ...r, geometries: (r.geometries as unknown[]).map(walk) }
    if (r.type === 'Feature') return { ...r, geometry: walk(r.geometry) }
    if (r.type === 'FeatureCollection') return { ...r, features: (r.features as unknown[]).map(walk) }
    return o
  }
  return walk(data) as T
}

export interface ViewCrs {
  crs(): Crs
  set(crs: Crs): void
  /** A WGS84 position where it is drawn on the current basemap. */
  toView(p: Pos): Pos
  /** A drawn position back in WGS84. */
  fromView(p: Pos): Pos
  /** The deck.gl model matrix of the current shift (undefined: none). */
  deckMatrix(): Float64Array | undefined
}

/** Installs the shift on a map (once, at creation); starts in WGS84. */
export function installViewCrs(m: MlMap, onShiftChange: () => void = () => {}): ViewCrs {
  let crs: Crs = 'wgs84'
  const toView = (p: Pos): Pos => (crs === 'gcj02' ? wgsToGcj(p) : p)
  const fromView = (p: Pos): Pos => (crs === 'gcj02' ? gcjToWgs(p) : p)
  const originals = new Map<string, unknown>()

  const project = m.project.bind(m)
  const unproject = m.unproject.bind(m)
  m.project = (ll: LngLatLike) => {
    const p = LngLat.convert(ll)
    return project(toView([p.lng, p.lat]))
  }
  m.unproject = (pt: PointLike) => {
    const ll = unproject(pt)
    const [lng, lat] = fromView([ll.lng, ll.lat])
    return new LngLat(lng, lat)
  }

  // the view's bounds (a view asks the API for what is in view) in WGS84 too
  const getBounds = m.getBounds.bind(m)
  m.getBounds = () => {
    const b = getBounds()
    if (crs !== 'gcj02') return b
    return new LngLatBounds(fromView([b.getWest(), b.getSouth()]), fromView([b.getEast(), b.getNorth()]))
  }

  const wrapSetData = (id: string) => {
    const src = m.getSource(id) as GeoJSONSource | undefined
    if (!src || src.type !== 'geojson') return
    const setData = src.setData.bind(src)
    src.setData = (data: Parameters<GeoJSONSource['setData']>[0]) => {
      originals.set(id, data)
      return setData(crs === 'gcj02' && typeof data === 'object' ? mapPositions(data, wgsToGcj) : data)
    }
  }
  const addSource = m.addSource.bind(m)
  m.addSource = (id: string, spec: SourceSpecification) => {
    if (spec.type === 'geojson' && spec.data && typeof spec.data === 'object') {
      originals.set(id, spec.data)
      addSource(id, crs === 'gcj02' ? { ...spec, data: mapPositions(spec.data, wgsToGcj) } : spec)
      wrapSetData(id)
      return m
    }
    return addSource(id, spec)
  }
  const removeSource = m.removeSource.bind(m)
  m.removeSource = (id: string) => {
    originals.delete(id)
    return removeSource(id)
  }

  let centreShift: Pos = [0, 0]
  let matrix: Float64Array | undefined
  const setShift = (p: Pos) => {
    centreShift = p
    matrix = crs === 'gcj02' ? Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, p[0], p[1], 0, 1]) : undefined
  }
  const updateCentre = () => {
    if (crs !== 'gcj02') return
    const c = unproject([m.getCanvas().clientWidth / 2, m.getCanvas().clientHeight / 2])
    const w = gcjToWgs([c.lng, c.lat])
    const g = wgsToGcj(w)
    const next: Pos = [g[0] - w[0], g[1] - w[1]]
    if (Math.abs(next[0] - centreShift[0]) + Math.abs(next[1] - centreShift[1]) > 1e-9) {
      setShift(next)
      onShiftChange()
    }
  }
  m.on('moveend', updateCentre)

  return {
    crs: () => crs,
    set(next) {
      if (next === crs) return
      crs = next
      for (const [id, data] of originals) (m.getSource(id) as GeoJSONSource | undefined)?.setData(data as never)
      setShift([0, 0])
      updateCentre()
      onShiftChange()
      // markers and labels place themselves with map.project on 'move'
      m.fire('move')
      m.triggerRepaint()
    },
    toView,
    fromView,
    deckMatrix: () => matrix,
  }
}

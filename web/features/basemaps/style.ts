/**
 * MapLibre sources and layers for a registered basemap, drawn under our own layers. Raster archives
 * and intranet services are raster sources; vector archives get a generic style keyed on their layer
 * names (OpenMapTiles and Protomaps names get their colours) with Chinese labels drawn locally in the
 * CJK font: the style has no `glyphs` or `sprite` URL, so MapLibre draws every glyph itself and no
 * request leaves the origin.
 */
import type { LayerSpecification, SourceSpecification } from 'maplibre-gl'
import type { Basemap as Registered } from '../../../api/basemaps/store.ts'

export type RegisteredBasemap = Registered

/** The font stack of labels; MapLibre draws them with the browser's fonts (no glyphs URL). */
export const LABEL_FONT = ['Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'sans-serif']

/** Ids of the source and layers a registered basemap adds, so they can be removed on a switch. */
export const SOURCE_ID = 'registered-basemap'
export const LAYER_PREFIX = 'registered-'

/** The label of a feature: its Chinese name where the schema has one (OpenMapTiles, Protomaps), else its name. */
export const LABEL_TEXT = ['coalesce', ['get', 'name:zh'], ['get', 'name_zh'], ['get', 'name:zh-Hans'], ['get', 'name']] as const

type Kind = 'water' | 'green' | 'building' | 'road' | 'land' | 'other'

/** A layer's colour class from its name (OpenMapTiles: water, landcover, park, building, transportation; Protomaps: earth, roads, …). */
export function kindOf(layer: string): Kind {
  const l = layer.toLowerCase()
  if (/water|river|lake|ocean/.test(l)) return 'water'
  if (/park|landcover|landuse|green|wood|grass/.test(l)) return 'green'
  if (/building/.test(l)) return 'building'
  if (/road|transport|street|highway|rail/.test(l)) return 'road'
  if (/earth|land/.test(l)) return 'land'
  return 'other'
}

const COLOURS: Record<Kind, { fill: string; line: string }> = {
  water: { fill: '#a9cfee', line: '#7fb2dd' },
  green: { fill: '#d4e9c7', line: '#b6d3a3' },
  building: { fill: '#d9d3ca', line: '#c2b9ad' },
  road: { fill: '#ffffff', line: '#ffffff' },
  land: { fill: '#f3f1ec', line: '#e0ddd5' },
  other: { fill: '#e6e4e0', line: '#b8b4ad' },
}

/** The tile URL MapLibre asks for: same-origin archives as absolute URLs of this origin, services as registered. */
export function tileUrl(b: RegisteredBasemap, origin: string): string {
  return b.tiles.startsWith('/') ? origin + b.tiles : b.tiles
}

/** The source of a registered basemap. */
export function sourceOf(b: RegisteredBasemap, origin: string): SourceSpecification {
  const common = {
    tiles: [tileUrl(b, origin)],
    minzoom: b.minzoom,
    maxzoom: b.maxzoom,
    attribution: b.attribution,
    ...(b.bounds ? { bounds: b.bounds as [number, number, number, number] } : {}),
  }
  return b.kind === 'raster' ? { type: 'raster', tileSize: 256, ...common } : { type: 'vector', ...common }
}

/**
 * Layers assumed for a vector service that declares none (an intranet XYZ/WMTS service has no
 * metadata here): the OpenMapTiles and Protomaps schemas' names; absent ones simply draw nothing.
 */
export const SCHEMA_LAYERS: RegisteredBasemap['vector_layers'] = [
  ...['earth', 'landcover', 'landuse', 'park', 'water', 'waterway', 'building', 'buildings', 'transportation', 'roads'].map((id) => ({ id })),
  ...['place', 'places', 'transportation_name', 'water_name', 'poi', 'pois'].map((id) => ({ id })),
]

/** The layers of a registered basemap, bottom to top. */
export function layersOf(b: RegisteredBasemap): LayerSpecification[] {
  const id = (s: string) => `${LAYER_PREFIX}${s}`
  if (b.kind === 'raster') return [{ id: id('raster'), type: 'raster', source: SOURCE_ID }]
  const layers = [...(b.vector_layers.length ? b.vector_layers : SCHEMA_LAYERS)].sort((a, c) => rank(a.id) - rank(c.id))
  const fills: LayerSpecification[] = []
  const lines: LayerSpecification[] = []
  const marks: LayerSpecification[] = []
  for (const l of layers) {
    const c = COLOURS[kindOf(l.id)]
    const src = { source: SOURCE_ID, 'source-layer': l.id }
    if (!l.geometry || l.geometry === 'Polygon')
      fills.push({ id: id(`${l.id}-fill`), type: 'fill', ...src, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': c.fill } })
    if (!l.geometry || l.geometry === 'LineString') {
      const road = kindOf(l.id) === 'road'
      lines.push({
        id: id(`${l.id}-line`),
        type: 'line',
        ...src,
        filter: ['==', ['geometry-type'], 'LineString'],
        paint: { 'line-color': c.line, 'line-width': road ? ['interpolate', ['linear'], ['zoom'], 12, 1, 18, 10] : 1 },
      })
    }
    if (!l.geometry || l.geometry === 'Point')
      marks.push({
        id: id(`${l.id}-point`),
        type: 'circle',
        ...src,
        filter: ['==', ['geometry-type'], 'Point'],
        paint: { 'circle-radius': 3, 'circle-color': '#8a8378', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 },
      })
    marks.push({
      id: id(`${l.id}-label`),
      type: 'symbol',
      ...src,
      filter: ['has', 'name'],
      layout: {
        'text-field': LABEL_TEXT as never,
        'text-font': LABEL_FONT,
        'text-size': 12,
        'symbol-placement': l.geometry === 'LineString' ? 'line' : 'point',
        'text-offset': l.geometry === 'Point' ? [0, 1.1] : [0, 0],
      },
      paint: { 'text-color': '#4a4a4a', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    })
  }
  return [...fills, ...lines, ...marks]
}

/** Land under water under green under buildings under roads, whatever order the archive lists them in. */
function rank(layer: string): number {
  return ['land', 'green', 'water', 'other', 'building', 'road'].indexOf(kindOf(layer))
}

/**
 * The phone view's map layers, drawn by MapLibre itself (circle layers), so /patch never downloads
 * deck.gl: the grid's open issues (overdue red, others orange), its field points as class-coloured
 * rings, and the picked report location as a blue target.
 */
import type { CircleLayerSpecification, GeoJSONSource, Map as MlMap } from 'maplibre-gl'
import type { FeatureCollection, GeoJsonProperties, Point } from 'geojson'
import type { IssueFeature, PointFeature } from './patch.api.ts'
import { pointClassCss } from '../../map/points.ts'

type Pos = [number, number]

export const PATCH_SOURCES = ['patch-points', 'patch-issues', 'patch-pick'] as const

const LAYERS: CircleLayerSpecification[] = [
  {
    id: 'patch-points',
    type: 'circle',
    source: 'patch-points',
    paint: {
      'circle-radius': 7.5,
      'circle-color': '#fff',
      'circle-opacity': 0.9,
      'circle-stroke-width': 3,
      'circle-stroke-color': ['get', 'stroke'],
    },
  },
  {
    id: 'patch-issues',
    type: 'circle',
    source: 'patch-issues',
    paint: {
      'circle-radius': 5.5,
      'circle-stroke-width': 1.5,
      'circle-stroke-color': '#fff',
      'circle-color': ['case', ['==', ['get', 'overdue'], true], 'rgb(217,54,54)', 'rgb(232,145,45)'],
      'circle-opacity': 0.94,
    },
  },
  {
    id: 'patch-pick',
    type: 'circle',
    source: 'patch-pick',
    paint: { 'circle-radius': 10, 'circle-color': 'rgba(47,111,222,0.35)', 'circle-stroke-width': 4, 'circle-stroke-color': 'rgb(47,111,222)' },
  },
]

const collection = (features: { geometry: Point; properties: GeoJsonProperties }[]): FeatureCollection => ({
  type: 'FeatureCollection',
  features: features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: f.properties })),
})

/** The three collections the layers draw. */
export function patchData(
  issues: IssueFeature[],
  points: PointFeature[],
  pick: Pos | null,
): Record<(typeof PATCH_SOURCES)[number], FeatureCollection> {
  return {
    // The ring's colour travels with the point, from the one class colour table.
    'patch-points': collection(points.map((f) => ({ ...f, properties: { ...f.properties, stroke: pointClassCss(f.properties.class_code) } }))),
    'patch-issues': collection(issues),
    'patch-pick': collection(pick ? [{ geometry: { type: 'Point', coordinates: pick }, properties: {} }] : []),
  }
}

/** Adds the sources and layers (on top of the basemap) or, when they exist, replaces their data. */
export function drawPatch(m: MlMap, data: ReturnType<typeof patchData>): void {
  for (const id of PATCH_SOURCES) {
    const src = m.getSource(id) as GeoJSONSource | undefined
    if (src) src.setData(data[id])
    else m.addSource(id, { type: 'geojson', data: data[id] })
  }
  for (const layer of LAYERS) if (!m.getLayer(layer.id)) m.addLayer(layer)
}

/** Removes what drawPatch added (when the view leaves a map that lives on). */
export function clearPatch(m: MlMap): void {
  for (const layer of LAYERS) if (m.getLayer(layer.id)) m.removeLayer(layer.id)
  for (const id of PATCH_SOURCES) if (m.getSource(id)) m.removeSource(id)
}

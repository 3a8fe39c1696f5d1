/**
 * Polygon names as HTML markers: the system CJK font renders them, so MapLibre needs no glyph
 * server and the shell needs no deck.gl TextLayer (smaller phone bundle). A handful of labels only.
 */
import { watch, type Ref, type ShallowRef } from 'vue'
import { Marker, type Map as MlMap } from 'maplibre-gl'
import type { FeatureCollection, Geometry } from 'geojson'
import { labelPoint } from './labelPoint.ts'

/** Keeps one marker per feature of `source()` on the map, re-created when the source or theme changes. */
export function useHtmlLabels(
  map: ShallowRef<MlMap | null>,
  source: () => FeatureCollection<Geometry, { name: string }> | null,
  className: Ref<string>,
) {
  let markers: Marker[] = []
  const clear = () => {
    for (const m of markers) m.remove()
    markers = []
  }
  watch(
    [map, source, className],
    ([m, fc, cls]) => {
      clear()
      if (!m || !fc) return
      for (const f of fc.features) {
        const at = labelPoint(f.geometry)
        if (!at) continue
        const el = document.createElement('div')
        el.className = `map-label ${cls}`
        el.textContent = f.properties.name
        markers.push(new Marker({ element: el, anchor: 'center' }).setLngLat(at).addTo(m))
      }
    },
    { immediate: true },
  )
  return clear
}

/**
 * Drawing one polygon on the map: click adds a corner, double-click (or finish()) closes it.
 * Drawn with deck.gl inside the shell, so it needs no extra MapLibre sources or glyphs.
 */
import { inject, onBeforeUnmount, ref, shallowRef, watch } from 'vue'
import { PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { MapMouseEvent } from 'maplibre-gl'
import type { Feature, Polygon } from 'geojson'
import { MAP_KEY } from './keys.ts'
import { useDeckLayers } from './deck.ts'

type Pt = [number, number]

/** Drawing state and controls; `area` is the finished polygon (null until one is closed). */
export function useDrawPolygon(id = 'y-draw') {
  const map = inject(MAP_KEY)!
  const drawing = ref(false)
  const corners = shallowRef<Pt[]>([])
  const area = shallowRef<Feature<Polygon> | null>(null)

  const onClick = (e: MapMouseEvent) => {
    if (drawing.value) corners.value = [...corners.value, [e.lngLat.lng, e.lngLat.lat]]
  }
  const onDbl = (e: MapMouseEvent) => {
    if (!drawing.value) return
    e.preventDefault()
    finish()
  }

  function start() {
    area.value = null
    corners.value = []
    drawing.value = true
  }

  /** Closes the polygon when it has three distinct corners; a double-click also adds its own click twice. */
  function finish() {
    const pts = corners.value.filter((p, i, a) => i === 0 || p[0] !== a[i - 1][0] || p[1] !== a[i - 1][1])
    drawing.value = false
    corners.value = []
    if (pts.length < 3) return
    area.value = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...pts, pts[0]]] } }
  }

  function clear() {
    drawing.value = false
    corners.value = []
    area.value = null
  }

  watch(
    [map, drawing],
    ([m, on], _old, onCleanup) => {
      if (!m) return
      m.getCanvas().style.cursor = on ? 'crosshair' : ''
      if (on) m.doubleClickZoom.disable()
      else m.doubleClickZoom.enable()
      m.on('click', onClick)
      m.on('dblclick', onDbl)
      onCleanup(() => {
        m.off('click', onClick)
        m.off('dblclick', onDbl)
      })
    },
    { immediate: true },
  )
  onBeforeUnmount(clear)

  useDeckLayers(id, () => {
    const done = area.value ? [area.value.geometry.coordinates[0] as Pt[]] : []
    return [
      new PolygonLayer<Pt[]>({
        id: `${id}-area`,
        data: done,
        getPolygon: (d) => d,
        getFillColor: [47, 111, 222, 50],
        getLineColor: [47, 111, 222, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        stroked: true,
      }),
      new PathLayer<Pt[]>({
        id: `${id}-path`,
        data: corners.value.length > 1 ? [corners.value] : [],
        getPath: (d) => d,
        getColor: [217, 54, 54, 255],
        widthUnits: 'pixels',
        getWidth: 2,
      }),
      new ScatterplotLayer<Pt>({
        id: `${id}-corners`,
        data: corners.value,
        getPosition: (d) => d,
        radiusUnits: 'pixels',
        getRadius: 4,
        getFillColor: [255, 255, 255, 255],
        stroked: true,
        getLineColor: [217, 54, 54, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
      }),
    ]
  })

  return { drawing, corners, area, start, finish, clear }
}

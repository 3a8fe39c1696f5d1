/** deck.gl layers of the ledger: class-coloured points, the selected one larger with a label. */
import { ScatterplotLayer } from '@deck.gl/layers'
import type { PickingInfo } from '@deck.gl/core'
import { labelLayer } from '../../map/labels.ts'
import { pointClassColor } from '../../map/points.ts'
import type { PointFeature } from './points.api.ts'

const pos = (f: PointFeature) => f.geometry.coordinates as [number, number]

/** The visible points, coloured by class; `onPick` receives the tapped point's id. */
export function pointsLayers(points: PointFeature[], selected: number | null, onPick: (id: number) => void) {
  const sel = points.find((p) => p.properties.id === selected)
  return [
    new ScatterplotLayer<PointFeature>({
      id: 'ledger-points',
      data: points,
      getPosition: pos,
      radiusUnits: 'pixels',
      pickable: true,
      getRadius: (f) => (f.properties.id === selected ? 11 : 7),
      stroked: true,
      lineWidthUnits: 'pixels',
      getLineWidth: (f) => (f.properties.id === selected ? 3 : 1.5),
      getFillColor: (f) => [...pointClassColor(f.properties.class_code), 235],
      getLineColor: (f) => (f.properties.id === selected ? [20, 30, 45, 255] : [255, 255, 255, 255]),
      updateTriggers: { getRadius: selected, getLineWidth: selected, getLineColor: selected },
      onClick: (info: PickingInfo<PointFeature>) => {
        if (info.object) onPick(info.object.properties.id)
      },
    }),
    sel && labelLayer('ledger-selected-label', [{ position: pos(sel), text: sel.properties.name }], 'light', 14).clone({ getPixelOffset: [0, -22] }),
  ]
}

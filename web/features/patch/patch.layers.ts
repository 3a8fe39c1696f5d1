/** deck.gl layers of the phone view: the grid's open issues, its field points and the report location. */
import { ScatterplotLayer } from '@deck.gl/layers'
import type { IssueFeature, PointFeature } from './patch.api.ts'
import { classColor } from '../points/classes.ts'

type Pos = [number, number]
const pos = (f: { geometry: { coordinates: number[] } }) => f.geometry.coordinates as Pos

/** Issues as dots (overdue red, others orange), points as class-coloured rings, the pick as a blue target. */
export function patchLayers(issues: IssueFeature[], points: PointFeature[], pick: Pos | null) {
  return [
    new ScatterplotLayer<PointFeature>({
      id: 'patch-points', data: points, getPosition: pos, getRadius: 9, radiusUnits: 'pixels',
      stroked: true, filled: true, lineWidthUnits: 'pixels', getLineWidth: 3,
      getFillColor: [255, 255, 255, 230], getLineColor: (f) => [...classColor(f.properties.class_code), 255],
    }),
    new ScatterplotLayer<IssueFeature>({
      id: 'patch-issues', data: issues, getPosition: pos, getRadius: 6, radiusUnits: 'pixels',
      stroked: true, lineWidthUnits: 'pixels', getLineWidth: 1.5, getLineColor: [255, 255, 255, 255],
      getFillColor: (f) => ((f.properties as { overdue?: boolean }).overdue ? [217, 54, 54, 240] : [232, 145, 45, 230]),
      updateTriggers: { getFillColor: issues.length },
    }),
    pick && new ScatterplotLayer<Pos>({
      id: 'patch-pick', data: [pick], getPosition: (d) => d, getRadius: 12, radiusUnits: 'pixels',
      stroked: true, lineWidthUnits: 'pixels', getLineWidth: 4, getFillColor: [47, 111, 222, 90], getLineColor: [47, 111, 222, 255],
    }),
  ]
}

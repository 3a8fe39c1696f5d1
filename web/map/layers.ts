/** deck.gl layer factories the views share: issue heatmap, hexagon bins, issue points, field points. */
import { ScatterplotLayer } from '@deck.gl/layers'
import { HeatmapLayer, HexagonLayer } from '@deck.gl/aggregation-layers'
import type { Feature, Point } from 'geojson'
import { pointClassColor } from './points.ts'

type PointFeature = Pick<Feature<Point>, 'geometry'> & { properties: Record<string, unknown> | null }
const pos = (f: PointFeature) => f.geometry.coordinates as [number, number]

const HEAT_COLORS: [number, number, number][] = [
  [37, 52, 148], [44, 127, 184], [65, 182, 196], [161, 218, 180], [254, 224, 139], [252, 141, 89], [215, 48, 39],
]

/** Kernel-density heatmap of issue points. */
export function issueHeatmap(id: string, data: PointFeature[], radiusPixels = 40) {
  return new HeatmapLayer<PointFeature>({
    id, data, getPosition: pos, getWeight: 1, radiusPixels, intensity: 1.2, threshold: 0.04, colorRange: HEAT_COLORS,
    opacity: 0.75,
  })
}

/** Hexagon bins (radius in metres) coloured and raised by the number of issues. */
export function issueHexagons(id: string, data: PointFeature[], radius = 80) {
  return new HexagonLayer<PointFeature>({
    id, data, getPosition: pos, radius, coverage: 0.9, extruded: false, opacity: 0.7, colorRange: HEAT_COLORS.slice(1),
    pickable: true,
  })
}

/** Issue points, overdue ones red, open ones amber, finished ones grey. */
export function issuePoints(id: string, data: PointFeature[], radius = 4) {
  return new ScatterplotLayer<PointFeature>({
    id, data, getPosition: pos, radiusUnits: 'pixels', getRadius: radius, stroked: true, lineWidthUnits: 'pixels', getLineWidth: 1,
    getLineColor: [255, 255, 255, 200],
    getFillColor: (f) => {
      const p = f.properties ?? {}
      if (p.overdue) return [230, 40, 40, 235]
      return p.status === 'closed' || p.status === 'answered' ? [140, 150, 165, 160] : [255, 170, 30, 235]
    },
    pickable: true,
  })
}

/** Field points coloured by class (see points.ts for the legend). */
export function fieldPoints(id: string, data: PointFeature[], radius = 6, highlight?: (f: PointFeature) => boolean) {
  return new ScatterplotLayer<PointFeature>({
    id, data, getPosition: pos, radiusUnits: 'pixels',
    getRadius: (f) => (highlight?.(f) ? radius * 1.8 : radius),
    stroked: true, lineWidthUnits: 'pixels', getLineWidth: 1.5, getLineColor: [10, 20, 35, 220],
    getFillColor: (f) => [...pointClassColor(String(f.properties?.class_code ?? '')), 240],
    pickable: true,
    updateTriggers: { getRadius: [highlight] },
  })
}

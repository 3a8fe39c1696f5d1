/** deck.gl layer factories the views share: heatmap and hexagons of the server's bins, issue points, field points. */
import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers'
import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import type { Feature, Point } from 'geojson'
import type { Bin } from '../api/bins.ts'
import { pointClassColor } from './points.ts'

type PointFeature = Pick<Feature<Point>, 'geometry'> & { properties: Record<string, unknown> | null }
const pos = (f: PointFeature) => f.geometry.coordinates as [number, number]

export const HEAT_COLORS: [number, number, number][] = [
  [37, 52, 148],
  [44, 127, 184],
  [65, 182, 196],
  [161, 218, 180],
  [254, 224, 139],
  [252, 141, 89],
  [215, 48, 39],
]

/** Kernel-density heatmap of the server's bins, each weighted by its count. */
export function binHeatmap(id: string, data: Bin[], radiusPixels = 40) {
  return new HeatmapLayer<Bin>({
    id,
    data,
    getPosition: (b) => b.position,
    getWeight: (b) => b.count,
    radiusPixels,
    intensity: 1.2,
    threshold: 0.04,
    colorRange: HEAT_COLORS,
    opacity: 0.75,
  })
}

/** The server's hexagon bins, coloured by their count relative to the fullest one. */
export function binPolygons(id: string, data: Bin[]) {
  const colors = HEAT_COLORS.slice(1)
  const max = Math.max(1, ...data.map((b) => b.count))
  return new PolygonLayer<Bin>({
    id,
    data,
    getPolygon: (b) => b.polygon,
    filled: true,
    stroked: true,
    opacity: 0.7,
    getFillColor: (b) => colors[Math.min(colors.length - 1, Math.floor((b.count / max) * colors.length))],
    getLineColor: [255, 255, 255, 120],
    lineWidthUnits: 'pixels',
    getLineWidth: 0.5,
    pickable: true,
    updateTriggers: { getFillColor: [max] },
  })
}

/** Issue points, overdue ones red, open ones amber, finished ones grey. */
export function issuePoints(id: string, data: PointFeature[], radius = 4) {
  return new ScatterplotLayer<PointFeature>({
    id,
    data,
    getPosition: pos,
    radiusUnits: 'pixels',
    getRadius: radius,
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
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
export function fieldPoints(
  id: string,
  data: PointFeature[],
  radius = 6,
  highlight?: (f: PointFeature) => boolean,
  color: (classCode: string) => [number, number, number] = pointClassColor,
) {
  return new ScatterplotLayer<PointFeature>({
    id,
    data,
    getPosition: pos,
    radiusUnits: 'pixels',
    getRadius: (f) => (highlight?.(f) ? radius * 1.8 : radius),
    stroked: true,
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5,
    getLineColor: [10, 20, 35, 220],
    getFillColor: (f) => [...color(String(f.properties?.class_code ?? '')), 240],
    pickable: true,
    updateTriggers: { getRadius: [highlight] },
  })
}

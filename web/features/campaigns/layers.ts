/** deck.gl layers of campaigns: their areas outlined (a MultiPolygon drawn part by part) and the 顽疾 places inside. */
import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { MultiPolygon, Polygon, Position } from 'geojson'

type Part = { id: number; name: string; rings: Position[][] }

/** Each polygon of each campaign area as its own part (deck's PolygonLayer takes one polygon per datum). */
export function areaParts(areas: { id: number; name: string; polygon: Polygon | MultiPolygon }[]): Part[] {
  return areas.flatMap((a) =>
    a.polygon.type === 'Polygon'
      ? [{ id: a.id, name: a.name, rings: a.polygon.coordinates }]
      : a.polygon.coordinates.map((rings) => ({ id: a.id, name: a.name, rings })),
  )
}

/** Campaign areas outlined, lightly filled; `color` as RGB. */
export function campaignAreas(id: string, parts: Part[], color: [number, number, number], width = 3) {
  return new PolygonLayer<Part>({
    id,
    data: parts,
    getPolygon: (p) => p.rings,
    filled: true,
    stroked: true,
    getFillColor: [...color, 40],
    getLineColor: [...color, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: width,
    pickable: false,
  })
}

/** Recurring places (顽疾), sized by their number of issues. */
export function recurringPlaces(id: string, places: { lon: number; lat: number; issues: number }[], scale = 1) {
  return new ScatterplotLayer<{ lon: number; lat: number; issues: number }>({
    id,
    data: places,
    getPosition: (p) => [p.lon, p.lat],
    radiusUnits: 'pixels',
    getRadius: (p) => (5 + Math.min(10, p.issues)) * scale,
    getFillColor: [214, 48, 49, 200],
    stroked: true,
    getLineColor: [255, 255, 255, 230],
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5,
  })
}

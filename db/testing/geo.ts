/** Independent spatial reference for tests: Turf point-in-polygon, not PostGIS. */
import * as turf from '@turf/turf'
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson'

export type Areas = FeatureCollection<Polygon | MultiPolygon, { code: string; [k: string]: unknown }>

/**
 * The codes of the areas containing a point (boundary included), lowest first — the counting rule
 * says the issue belongs to the first.
 */
export function containing(point: Feature<Point> | number[], areas: Areas): string[] {
  const p = Array.isArray(point) ? turf.point(point) : point
  return areas.features
    .filter((f) => turf.booleanPointInPolygon(p, f, { ignoreBoundary: false }))
    .map((f) => f.properties.code)
    .sort()
}

/** Counts points per area code under the counting rule, zeros included. */
export function countByArea(points: Feature<Point>[], areas: Areas): Map<string, number> {
  const out = new Map(areas.features.map((f) => [f.properties.code, 0]))
  for (const p of points) {
    const [first] = containing(p, areas)
    if (first !== undefined) out.set(first, out.get(first)! + 1)
  }
  return out
}

/** The lon/lat `dx` metres east and `dy` metres north of a lon/lat (local metres per degree, as squareAt). */
export function offset([lon, lat]: Position, dx: number, dy: number): Position {
  return [lon + dx / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + dy / 110_574]
}

/** A square of `side` metres centred on a lon/lat (local metres per degree; fine at a street's size). */
export function squareAt([lon, lat]: Position, side: number): Polygon {
  const dLat = side / 2 / 110_574
  const dLon = side / 2 / (111_320 * Math.cos((lat * Math.PI) / 180))
  return turf.polygon([
    [
      [lon - dLon, lat - dLat],
      [lon + dLon, lat - dLat],
      [lon + dLon, lat + dLat],
      [lon - dLon, lat + dLat],
      [lon - dLon, lat - dLat],
    ],
  ]).geometry
}

/**
 * Where a reported point lies, in words a grid manager checks at a glance: the community and grid
 * under the pin, the nearest named road and the nearest field point, with distances in metres (Turf).
 */
import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import distance from '@turf/distance'
import pointToLineDistance from '@turf/point-to-line-distance'
import type { Feature, LineString, MultiLineString, Point } from 'geojson'
import type { Basemap } from '../../map/basemap.ts'

export interface Place {
  grid: { code: string; name: string } | null
  community: string | null
  road: { name: string; m: number } | null
  point: { name: string; m: number } | null
}

/** Farther than this, a road or point does not help anyone find the spot. */
export const NEAR_M = 300

type Pos = [number, number]

/** Metres from `pos` to a road, over each of its parts. */
function toRoad(pos: Pos, f: Feature<LineString | MultiLineString>): number {
  const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates
  return Math.min(
    ...lines.filter((l) => l.length > 1).map((l) => pointToLineDistance(pos, { type: 'LineString', coordinates: l }, { units: 'meters' })),
  )
}

/** The place of `pos` on the street's basemap and among `points` (name in properties). */
export function describePlace(pos: Pos, map: Basemap, points: readonly Feature<Point, { name: string }>[]): Place {
  const grid = map.grids.features.find((g) => booleanPointInPolygon(pos, g))
  const community = grid ? map.communities.features.find((c) => c.properties.code === grid.properties.community_code) : undefined
  let road: Place['road'] = null
  for (const f of map.basemap.features) {
    if (f.properties.kind !== 'road' || !f.properties.name) continue
    if (f.geometry.type !== 'LineString' && f.geometry.type !== 'MultiLineString') continue
    const m = toRoad(pos, f as Feature<LineString | MultiLineString>)
    if (m <= NEAR_M && (!road || m < road.m)) road = { name: f.properties.name, m }
  }
  let point: Place['point'] = null
  for (const p of points) {
    const m = distance(pos, p.geometry.coordinates, { units: 'meters' })
    if (m <= NEAR_M && (!point || m < point.m)) point = { name: p.properties.name, m }
  }
  return {
    grid: grid ? { code: grid.properties.code, name: grid.properties.name } : null,
    community: community?.properties.name ?? null,
    road: road && { ...road, m: Math.round(road.m) },
    point: point && { ...point, m: Math.round(point.m) },
  }
}

/** Numbers for a drawn area: its size (geodesic m², Turf) and the filtered issues and field points inside it. */
import { area as turfArea } from '@turf/area'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import type { Feature, Point, Polygon } from 'geojson'
import type { Issue } from '../../api/queries.ts'

export interface AreaNumbers {
  areaM2: number
  total: number
  open: number
  overdue: number
  finished: number
  perKm2: number
  topCategories: { name: string; count: number }[]
  points: number
}

const FINISHED = new Set(['closed', 'answered'])

/** Counts what lies inside `poly` (points on the edge count as inside, as Turf decides). */
export function areaNumbers(poly: Feature<Polygon>, issues: Issue[], points: Feature<Point>[]): AreaNumbers {
  const inside = issues.filter((f) => booleanPointInPolygon(f.geometry.coordinates as [number, number], poly))
  const byCat = new Map<string, number>()
  for (const f of inside) byCat.set(f.properties.category_name, (byCat.get(f.properties.category_name) ?? 0) + 1)
  const areaM2 = turfArea(poly)
  const finished = inside.filter((f) => FINISHED.has(f.properties.status)).length
  return {
    areaM2,
    total: inside.length,
    open: inside.length - finished,
    overdue: inside.filter((f) => f.properties.overdue).length,
    finished,
    perKm2: areaM2 > 0 ? inside.length / (areaM2 / 1e6) : 0,
    topCategories: [...byCat].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([name, count]) => ({ name, count })),
    points: points.filter((p) => booleanPointInPolygon(p.geometry, poly)).length,
  }
}

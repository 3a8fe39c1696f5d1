/** The field-point ledger from /layers/points (contacts only for roles allowed to see them). */
import type { Feature, FeatureCollection, Point } from 'geojson'
import type { PointProps } from '../../../api/layers/routes.ts'
import { api, fetchJson } from '../../api/client.ts'

export type { PointProps }
export type PointFeature = Feature<Point, PointProps>

/** Field points, optionally of one grid. */
export async function loadPoints(grid?: string): Promise<FeatureCollection<Point, PointProps>> {
  return fetchJson(api.layers.points.$get({ query: grid ? { grid } : {} }))
}

/** True when the server included the ledger's contact fields (a logged-in role allowed to see them). */
export function hasContacts(points: PointFeature[]): boolean {
  return points.some((f) => 'contact_phone' in f.properties)
}

/** A phone number as a tel: link (digits and a leading + only). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`
}

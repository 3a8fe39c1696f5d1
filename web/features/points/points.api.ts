/** The field-point ledger from /layers/points (contacts only for roles allowed to see them). */
import type { Feature, FeatureCollection, Point } from 'geojson'
import { api, fetchJson } from '../../api/client.ts'

/**
 * The layers endpoints return their SQL-built GeoJSON as `unknown` (no static type to derive), so the
 * point properties are spelled out here from api-contract.md; contact fields are absent without login.
 */
export type PointProps = {
  id: number; code: string; name: string; class_code: string; class_name: string; grid_code: string; community_code: string
  address?: string | null; contact_name?: string | null; contact_phone?: string | null; notes?: string | null; updated_at?: string | null
}
export type PointFeature = Feature<Point, PointProps>

/** Field points, optionally of one grid. */
export async function loadPoints(grid?: string): Promise<FeatureCollection<Point, PointProps>> {
  return (await fetchJson(api.layers.points.$get({ query: grid ? { grid } : {} }))) as unknown as FeatureCollection<Point, PointProps>
}

/** True when the server included the ledger's contact fields (a logged-in role allowed to see them). */
export function hasContacts(points: PointFeature[]): boolean {
  return points.some((f) => 'contact_phone' in f.properties)
}

/** A phone number as a tel: link (digits and a leading + only). */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/[^\d+]/g, '')}`
}

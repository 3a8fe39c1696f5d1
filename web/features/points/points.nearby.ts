/**
 * What happened around one field point: the issues reported within NEAR_M metres of it (read from
 * GET /issues by a bounding box, then kept by their great-circle distance), which of them are open,
 * and the latest step of their timelines (there is no inspection ledger yet: that is the last record).
 */
import { distance } from '@turf/turf'
import type { InferResponseType } from 'hono/client'
import { OPEN_STATUSES } from '../../../api/issues/states.ts'
import { api, fetchJson } from '../../api/client.ts'

/** How near an issue must be to count as "at" a point: about a building frontage or a small square. */
export const NEAR_M = 50
/** Pages of 1000 read at most; 50 m around a point never holds that many, but the loop must end. */
const MAX_PAGES = 10

export type NearIssue = InferResponseType<typeof api.issues.$get, 200>['features'][number]
type Detail = InferResponseType<(typeof api.issues)[':id']['$get'], 200>
export type LastRecord = { at: string; action: string; issue: number; category: string }

/** A box that surely contains the circle of `m` metres around [lon, lat] (10 % margin), as bbox=. */
export function boxAround([lon, lat]: [number, number], m: number): string {
  const dLat = (m * 1.1) / 111_320
  const dLon = dLat / Math.cos((lat * Math.PI) / 180)
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat].map((v) => v.toFixed(7)).join(',')
}

/** Every issue (all statuses) within NEAR_M metres of the point, nearest first, each with its distance. */
export async function issuesNear(at: [number, number]): Promise<(NearIssue & { distance_m: number })[]> {
  const out: (NearIssue & { distance_m: number })[] = []
  let cursor: string | undefined
  for (let page = 0; page < MAX_PAGES; page++) {
    const res = await fetchJson(api.issues.$get({ query: { bbox: boxAround(at, NEAR_M), limit: '1000', ...(cursor ? { cursor } : {}) } }))
    for (const f of res.features) {
      const d = distance(at, f.geometry.coordinates as [number, number], { units: 'meters' })
      if (d <= NEAR_M) out.push({ ...f, distance_m: d })
    }
    cursor = res.meta.next_cursor ?? undefined
    if (!cursor) break
  }
  return out.sort((a, b) => a.distance_m - b.distance_m)
}

/** The open ones (the status list the server uses). */
export const openOf = <T extends NearIssue>(list: T[]): T[] => list.filter((f) => (OPEN_STATUSES as readonly string[]).includes(f.properties.status))

/** When an issue last moved, as far as the list shows it (report, close, 催办, 督办). */
const lastSeen = (f: NearIssue) =>
  [f.properties.reported_at, f.properties.closed_at, f.properties.reminded_at, f.properties.escalated_at].filter(Boolean).sort().pop() ?? ''

/**
 * The latest timeline step among the nearby issues (staff only: timelines name people). The five
 * issues that moved last by the list's times are read in full; their newest event is the answer.
 */
export async function lastRecord(list: NearIssue[]): Promise<LastRecord | null> {
  const recent = [...list].sort((a, b) => lastSeen(b).localeCompare(lastSeen(a))).slice(0, 5)
  const details: Detail[] = await Promise.all(
    recent.map((f) => fetchJson(api.issues[':id'].$get({ param: { id: String(f.properties.id) }, query: {} }))),
  )
  let best: LastRecord | null = null
  for (const d of details)
    for (const e of d.properties.events)
      if (!best || e.at > best.at) best = { at: e.at, action: e.action, issue: d.properties.id, category: d.properties.category_name }
  return best
}

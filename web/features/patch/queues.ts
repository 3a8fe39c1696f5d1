/**
 * The work queues of the phone view, one per role: what waits for 交办 (leader, duty officer), a
 * group's 本组待办 (group leader), what waits for 回头看 (inspector), and what was recently closed
 * or answered (to reopen). Each is one GET /issues with the status (and group) the queue means.
 */
import { api, fetchJson } from '../../api/client.ts'
import type { SessionUser } from '../../api/session.ts'
import { byUrgency, type IssueFeature } from './patch.api.ts'

export type QueueKind = 'dispatch' | 'group' | 'recheck' | 'done'

/** The queue each role starts on; a grid manager works from their grid instead. */
export const QUEUES_FOR: Record<string, QueueKind[]> = {
  admin: ['dispatch', 'recheck', 'done'],
  leader: ['dispatch', 'recheck', 'done'],
  group_leader: ['group'],
  inspector: ['recheck', 'done'],
}

const STATUS: Record<QueueKind, string> = {
  dispatch: 'reported',
  group: 'assigned,rectifying,rectified',
  recheck: 'rectified',
  done: 'closed,answered',
}
/** More than this would not be worked through on a phone in a day; the list says when it was cut. */
export const QUEUE_LIMIT = 500

type Pos = [number, number]

/** Metres between two WGS84 points (haversine): close enough to order a walk through one street. */
export function metres([lon1, lat1]: Pos, [lon2, lat2]: Pos): number {
  const r = Math.PI / 180
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2
  return 2 * 6_371_008.8 * Math.asin(Math.sqrt(a))
}

const due = (f: IssueFeature) => (f.properties.deadline ? Date.parse(f.properties.deadline) : Infinity)

/**
 * The queue's order. 交办: the longest waiting first. 回头看: due first, or nearest first when the
 * inspector's position is known (ties by due). 本组待办: overdue, then due. Done: newest close first.
 */
export function orderQueue(kind: QueueKind, features: IssueFeature[], here: Pos | null = null): IssueFeature[] {
  const list = [...features]
  if (kind === 'dispatch')
    return list.sort((a, b) => Date.parse(a.properties.reported_at) - Date.parse(b.properties.reported_at) || a.properties.id - b.properties.id)
  if (kind === 'done')
    return list.sort(
      (a, b) => Date.parse(b.properties.closed_at ?? '') - Date.parse(a.properties.closed_at ?? '') || b.properties.id - a.properties.id,
    )
  if (kind === 'recheck' && here) {
    const d = new Map(list.map((f) => [f, metres(here, f.geometry.coordinates as Pos)]))
    return list.sort((a, b) => d.get(a)! - d.get(b)! || due(a) - due(b))
  }
  if (kind === 'recheck') return list.sort((a, b) => due(a) - due(b) || a.properties.id - b.properties.id)
  return list.sort((a, b) => byUrgency(a, b) || a.properties.id - b.properties.id)
}

/** One queue's issues (in the API's scope of the signed-in user) and whether it was cut at QUEUE_LIMIT. */
export async function loadQueue(kind: QueueKind, user: SessionUser) {
  const query: Record<string, string> = { status: STATUS[kind], limit: String(QUEUE_LIMIT) }
  if (kind === 'group' && user.group_code) query.group = user.group_code
  const body = await fetchJson(api.issues.$get({ query }))
  return { features: body.features as IssueFeature[], more: body.meta.next_cursor !== null }
}

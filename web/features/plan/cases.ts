/**
 * The cases behind a number on /plan: the issues a count stands for (问题总数, 在办, 超期, 已销号) under
 * the filter, one server page at a time (GET /issues, keyset cursor), never the whole list.
 */
import { api, fetchJson } from '../../api/client.ts'
import { clean, type Filter, type Issue } from '../../api/queries.ts'
import { OPEN_STATUSES } from '../../../api/issues/states.ts'

export const CASE_MEASURES = ['total', 'open', 'overdue', 'closed'] as const
export type CaseMeasure = (typeof CASE_MEASURES)[number]
export const CASE_PAGE = 20

/** The GET /issues query for a count, or null when the filter leaves nothing (e.g. 已销号 under a status filter without closed). */
export function casesQuery(f: Filter, m: CaseMeasure): Record<string, string> | null {
  const q = clean(f)
  const chosen = f.status ? f.status.split(',') : null
  const narrow = (statuses: readonly string[]) => {
    const keep = statuses.filter((s) => !chosen || chosen.includes(s))
    return keep.length ? keep.join(',') : null
  }
  if (m === 'open' || m === 'overdue') {
    const s = narrow(OPEN_STATUSES)
    if (!s) return null
    q.status = s
    if (m === 'overdue') q.overdue = 'true'
  }
  if (m === 'closed') {
    const s = narrow(['closed'])
    if (!s) return null
    q.status = s
  }
  return q
}

/** One page of the cases; `cursor` from the previous page's `next`; `group` keeps one 整治组's. */
export async function loadCases(f: Filter, m: CaseMeasure, cursor: string | null, group?: string): Promise<{ cases: Issue[]; next: string | null }> {
  const q = casesQuery(f, m)
  if (!q) return { cases: [], next: null }
  if (group) q.group = group
  const body = await fetchJson(api.issues.$get({ query: { ...q, limit: String(CASE_PAGE), ...(cursor ? { cursor } : {}) } }))
  return { cases: body.features as Issue[], next: body.meta.next_cursor }
}

/** The per-grid-and-category counts behind statistics, Gi* and area controls: rollup when it can answer. */
import type { Queryable } from '../../db/adapter.ts'
import { memoKey } from '../cache/memo.ts'
import { LIVE } from '../cache/middleware.ts'
import { joinRunning, type Arrival } from '../cache/shared.ts'
import { manyRows } from '../../db/many-rows.ts'
import { namedSql } from '../../db/sql.ts'
import type { IssueFilter } from '../filters.ts'
import type { CountRow } from './fold.ts'

const Q = {
  scan: namedSql(import.meta.url, 'counts.sql'),
  rollup: namedSql(import.meta.url, 'counts-rollup.sql'),
  split: namedSql(import.meta.url, 'window-split.sql'),
  asOf: namedSql(import.meta.url, 'counts-as-of.sql'),
  size: namedSql(import.meta.url, 'street-size.sql'),
}

interface Split {
  use_months: boolean
  m_lo: string | null
  m_hi: string | null
  a_lo: string | null
  a_hi: string | null
  b_lo: string | null
  b_hi: string | null
  edge_lo_to: Date | null
  edge_hi_from: Date | null
}

/**
 * Counts per grid and category under the shared filters, "overdue" judged at `now`, cut to `scope`.
 * The rollup answers every filter but the bbox and the time machine (`asOf`), which read the issues;
 * a small street's issues are read directly too, which is faster there (see SCAN_BELOW). Every path
 * answers the same rows (api/stats/rollup.test.ts).
 */
export async function countRows(q: Queryable, street: number, filter: IssueFilter, now: Date, scope: string[] | null, asOf?: Date) {
  if (asOf) return manyRows<CountRow>(q, Q.asOf.text, Q.asOf.params({ ...filter, street, scope, as_of: asOf }))
  if (filter.bbox || (await streetIssues(q, street)) < SCAN_BELOW) return countRowsByScan(q, street, filter, now, scope)
  return countRowsByRollup(q, street, filter, now, scope)
}

/**
 * countRows' rows, shared by the requests that count the same rows at the version they arrived at
 * (`at`, read before their first statement): the statistics endpoints and Gi*'s
 * (/analysis/hotspots, with no grid scope) count the same ones (api/cache/shared.ts). `owner` is the
 * app's clock; `fresh` (a no-cache request) joins a running count only. "Overdue" is judged at the
 * count's start, at most LIVE.ttlMs before, as a statistics answer from the read cache is.
 */
export function sharedCountRows(
  owner: () => Date,
  at: Arrival | undefined,
  fresh: boolean,
  q: Queryable,
  street: number,
  filter: IssueFilter,
  scope: string[] | null,
  asOf?: Date,
) {
  const key = `stats/counts ${JSON.stringify([street, filter, scope, asOf ?? null])}`
  return joinRunning(owner, at, key, LIVE.ttlMs, () => countRows(q, street, filter, owner(), scope, asOf), fresh)
}

/** The rollup formulation: whole months and days from issue_rollup, the partial edges and "overdue" from issues. */
export async function countRowsByRollup(q: Queryable, street: number, filter: IssueFilter, now: Date, scope: string[] | null) {
  // Dates travel as text: a JS Date would be read back at UTC midnight, not as the local calendar day.
  const [split] = await q.query<Split>(Q.split.text, Q.split.params({ street, from: filter.from, to: filter.to }))
  return manyRows<CountRow>(q, Q.rollup.text, Q.rollup.params({ ...filter, ...split, street, scope, now }))
}

/**
 * Below this many issues in the street, one scan of its issues answers sooner than the rollup's two
 * queries and three unions. Measured on the server (medians, same run; docs/performance.md,
 * "Statistics: scan or rollup"): at 2,600 and 5,000 issues the scan wins with and without filters
 * (5,000: 1.2 against 5.7 ms with a category, 8.7 against 11.3 ms without); at 10,000 the rollup wins
 * without a filter (13.7 against 15.3 ms) and the scan still with one.
 */
export const SCAN_BELOW = 5_000
/** How long a street's size is trusted: it only picks a plan, and both plans count the same. */
const SIZE_TTL_MS = 60_000
const sizes = new WeakMap<object, Map<number, { n: number; at: number }>>()

/** The street's number of issues (from the all-time rollup rows), remembered for a minute per database (memoKey). */
export async function streetIssues(q: Queryable, street: number): Promise<number> {
  let m = sizes.get(memoKey(q))
  if (!m) sizes.set(memoKey(q), (m = new Map()))
  const hit = m.get(street)
  if (hit && Date.now() - hit.at < SIZE_TTL_MS) return hit.n
  const [r] = await q.query<{ n: number }>(Q.size.text, Q.size.params({ street }))
  m.set(street, { n: r.n, at: Date.now() })
  return r.n
}

/** The issue-scan formulation: the bbox filter's path and the rollup's reference in tests. */
export function countRowsByScan(q: Queryable, street: number, filter: IssueFilter, now: Date, scope: string[] | null) {
  return manyRows<CountRow>(q, Q.scan.text, Q.scan.params({ ...filter, street, scope, now }))
}

/** The per-grid-and-category counts behind statistics, Gi* and area controls: rollup when it can answer. */
import type { Queryable } from '../../db/adapter.ts'
import { namedSql } from '../../db/sql.ts'
import type { IssueFilter } from '../filters.ts'
import type { CountRow } from './fold.ts'

const Q = {
  scan: namedSql(import.meta.url, 'counts.sql'),
  rollup: namedSql(import.meta.url, 'counts-rollup.sql'),
  split: namedSql(import.meta.url, 'window-split.sql'),
  asOf: namedSql(import.meta.url, 'counts-as-of.sql'),
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
 * the answers are identical (api/stats/rollup.test.ts).
 */
export async function countRows(q: Queryable, street: number, filter: IssueFilter, now: Date, scope: string[] | null, asOf?: Date) {
  if (asOf) return q.query<CountRow>(Q.asOf.text, Q.asOf.params({ ...filter, street, scope, as_of: asOf }))
  if (filter.bbox) return countRowsByScan(q, street, filter, now, scope)
  // Dates travel as text: a JS Date would be read back at UTC midnight, not as the local calendar day.
  const [split] = await q.query<Split>(Q.split.text, Q.split.params({ street, from: filter.from, to: filter.to }))
  return q.query<CountRow>(Q.rollup.text, Q.rollup.params({ ...filter, ...split, street, scope, now }))
}

/** The issue-scan formulation: the bbox filter's path and the rollup's reference in tests. */
export function countRowsByScan(q: Queryable, street: number, filter: IssueFilter, now: Date, scope: string[] | null) {
  return q.query<CountRow>(Q.scan.text, Q.scan.params({ ...filter, street, scope, now }))
}

/** The per-grid-and-category counts behind statistics, Gi* and area controls: rollup when it can answer. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { CountRow } from './fold.ts'

const Q = {
  scan: sql(import.meta.url, 'counts.sql'),
  rollup: sql(import.meta.url, 'counts-rollup.sql'),
  split: sql(import.meta.url, 'window-split.sql'),
  asOf: sql(import.meta.url, 'counts-as-of.sql'),
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
 * Counts per grid and category under the shared filters (`params` in filterParams() order: from, to,
 * categories, statuses, community, grid, bbox), "overdue" judged at `now`, cut to `scope`. The rollup
 * answers every filter but the bbox and the time machine (`asOf`), which read the issues; the
 * answers are identical (api/stats/rollup.test.ts).
 */
export async function countRows(q: Queryable, street: number, params: unknown[], now: Date, scope: string[] | null, asOf?: Date) {
  if (asOf) return q.query<CountRow>(Q.asOf, [street, ...params, asOf, scope])
  if (params[6] != null) return countRowsByScan(q, street, params, now, scope)
  const [from, to, categories, statuses, community, grid] = params
  // Dates travel as text: a JS Date would be read back at UTC midnight, not as the local calendar day.
  const [s] = await q.query<Split>(Q.split, [street, from, to])
  return q.query<CountRow>(Q.rollup, [
    street, from, to, categories, statuses, community, grid, scope, now,
    s.use_months, s.m_lo, s.m_hi, s.a_lo, s.a_hi, s.b_lo, s.b_hi, s.edge_lo_to, s.edge_hi_from,
  ])
}

/** The issue-scan formulation: the bbox filter's path and the rollup's reference in tests. */
export function countRowsByScan(q: Queryable, street: number, params: unknown[], now: Date, scope: string[] | null) {
  return q.query<CountRow>(Q.scan, [street, ...params, now, scope])
}

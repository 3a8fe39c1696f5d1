/**
 * Campaigns' area counts from their kept tallies (migration 0332, tallies.sql): the same rows the area
 * analysis counts for a part's window and the campaign's polygon, for many campaigns in one query.
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { AreaRows } from '../analysis/area.ts'
import { rowsOf } from '../../db/single.ts'

const TALLIES = sql(import.meta.url, 'tallies.sql')

/** The baseline's part. */
export const BASELINE = 0
/** The campaign so far: [starts_at, min(ends_at, now)). */
export const SO_FAR = -1

type Row = { campaign_id: number; part: number; category_code: string; status: string; n: number; overdue: number }

/** Per campaign and part, its area rows (parts with no issue answer []). */
export async function keptTallies(q: Queryable, street: number, ids: (number | string)[], parts: number[], now: Date) {
  const out = new Map<number, Map<number, AreaRows>>()
  for (const id of ids) out.set(Number(id), new Map(parts.map((p) => [p, []])))
  if (!ids.length || !parts.length) return out
  const rows = rowsOf<Row>(await q.query(TALLIES, [street, ids.map(Number), parts, now]), 'campaign tallies')
  for (const r of rows) out.get(r.campaign_id)?.get(r.part)?.push({ category_code: r.category_code, status: r.status, n: r.n, overdue: r.overdue })
  return out
}

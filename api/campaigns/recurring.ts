/**
 * A campaign's 顽疾: DBSCAN at 30 m per category over its area and whole window (baseline to end),
 * kept per category (migration 0336). Categories whose kept places are current are read; the others
 * are counted afresh by recurring-in-area(-cells).sql, and kept if no issue write moved them meanwhile.
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { MAX_PLACES, type RecurringPlace } from '../analysis/recurring.ts'
import { streetIssues } from '../stats/counts.ts'

const KEPT = sql(import.meta.url, 'recurring-kept.sql')
const KEEP = sql(import.meta.url, 'recurring-keep.sql')
const PLAIN = sql(import.meta.url, 'recurring-in-area.sql')
const CELLS = sql(import.meta.url, 'recurring-in-area-cells.sql')

/**
 * From this many issues in the street, the issues of an area are read from the 10 m cell index (one
 * lookup per cell, ~15 ms for 0.3 km² whatever the count) rather than fetched each from the table by
 * the GiST index; measured on the server, equal at 10⁵, 2× faster at 10⁶, 3× slower at 10⁴.
 */
export const RECURRING_CELLS_FROM = 200_000
/** Issues a place needs to be a 顽疾 on a campaign's page. */
export const RECURRING_MIN = 3

type Kept = { category_code: string; gen: string; places_gen: string | null; places: Place[] | null }
type Place = Omit<RecurringPlace, 'first_at' | 'last_at'> & { first_at: string | Date; last_at: string | Date }

/** Most issues first, then most recurrences, then by category, first report and place: one order every time. */
export function byWeight(a: RecurringPlace, b: RecurringPlace) {
  return (
    b.issues - a.issues ||
    b.recurred_after_close - a.recurred_after_close ||
    (a.category_code < b.category_code ? -1 : a.category_code > b.category_code ? 1 : 0) ||
    a.first_at.getTime() - b.first_at.getTime() ||
    a.lon - b.lon ||
    a.lat - b.lat
  )
}

const revive = (p: Place): RecurringPlace => ({ ...p, first_at: new Date(p.first_at), last_at: new Date(p.last_at) })

/** The places of `categories` inside the area `shape` over [from, to), counted now (no limit). */
export async function countRecurring(q: Queryable, street: number, shape: string, from: Date, to: Date, categories: string[]) {
  const text = (await streetIssues(q, street)) >= RECURRING_CELLS_FROM ? CELLS : PLAIN
  const rows = await q.query<RecurringPlace>(text, [street, from, to, categories, RECURRING_MIN, null, shape])
  return rows
}

/**
 * The campaign's 顽疾 (at most MAX_PLACES, most issues first). `codes`: the street's categories, the
 * campaign's when it names none. `c.version`: the version whose area and window `c` and `shape` are;
 * nothing is kept if the campaign has moved past it. `keeper`: where what was counted is kept (the
 * primary when `q` reads a replica).
 */
export async function campaignRecurring(
  q: Queryable,
  street: number,
  c: { id: number | string; version: number; categories: string[] | null; baseline_from: Date; ends_at: Date },
  shape: string,
  codes: string[],
  keeper: Queryable = q,
): Promise<RecurringPlace[]> {
  const kept = new Map((await q.query<Kept>(KEPT, [street, c.id])).map((r) => [r.category_code, r]))
  const wanted = [...new Set(c.categories ?? codes)]
  const current = (code: string) => {
    const r = kept.get(code)
    return r !== undefined && r.places !== null && r.places_gen === r.gen
  }
  const stale = wanted.filter((code) => !current(code))
  const counted = stale.length ? await countRecurring(q, street, shape, c.baseline_from, c.ends_at, stale) : []
  // kept only for categories that have a row (one made after the campaign is counted every time)
  const keep = stale
    .filter((code) => kept.has(code))
    .map((code) => ({ category_code: code, gen: kept.get(code)!.gen, places: counted.filter((p) => p.category_code === code) }))
  if (keep.length) await keeper.query(KEEP, [street, c.id, JSON.stringify(keep), c.version])
  const read = wanted.filter(current).flatMap((code) => kept.get(code)!.places!.map(revive))
  return [...read, ...counted].sort(byWeight).slice(0, MAX_PLACES)
}

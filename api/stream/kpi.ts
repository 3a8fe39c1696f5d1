/** Debounced KPI pushes: a burst of changes produces one `kpi` message per street, not one each. */
import type { Db, Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { rectificationRate, type Counts } from '../stats/fold.ts'
import { busFor } from './bus.ts'

const Q = { kpi: sql(import.meta.url, 'kpi.sql') }

/** How long after a change the KPIs are recomputed (changes inside it share one push). */
export const KPI_DEBOUNCE_MS = 250

const pending = new WeakMap<Db, Set<number>>()

/** The street's headline KPIs at `now`, with 整改率 (null when its denominator is 0). */
export async function kpis(db: Queryable, street: number, now: Date) {
  const [k] = await db.query<Counts>(Q.kpi, [street, now])
  return { ...k, rectification_rate: rectificationRate(k) }
}

/** Schedules one KPI push for the street unless one is already due. */
export function scheduleKpi(db: Db, street: number, now: Date): void {
  let set = pending.get(db)
  if (!set) pending.set(db, (set = new Set()))
  if (set.has(street)) return
  set.add(street)
  const t = setTimeout(() => {
    set.delete(street)
    kpis(db, street, now)
      .then((data) => busFor(db).publish({ street, event: 'kpi', data }))
      .catch((err) => console.error('[stream] kpi failed', err))
  }, KPI_DEBOUNCE_MS)
  t.unref?.()
}

/** 顽疾: clusters (30 m) of one category with at least `min` issues, and their recurrences after 销号. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'

const Q = sql(import.meta.url, 'recurring.sql')

/** How many recurring places a response lists at most. */
export const MAX_PLACES = 50

export interface RecurringPlace {
  category_code: string
  issues: number
  recurred_after_close: number
  open: number
  lon: number
  lat: number
  first_at: Date
  last_at: Date
}

/** The recurring places of a street in a window, most issues first. */
export function recurring(q: Queryable, street: number, o: { from?: Date; to?: Date; categories?: string[]; min: number }) {
  return q.query<RecurringPlace>(Q, [street, o.from ?? null, o.to ?? null, o.categories ?? null, o.min, MAX_PLACES])
}

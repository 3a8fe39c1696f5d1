/** The answer of every import: counts and the row errors, in the contract's shape. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { RowError } from './columns.ts'

export interface ImportReport {
  rows: number
  valid: number
  created: number
  updated: number
  errors: RowError[]
}

/** At most this many errors are listed (the count of invalid rows is still exact: rows − valid). */
export const MAX_LISTED_ERRORS = 500

/** Errors in row order, at most MAX_LISTED_ERRORS of them. */
export function listed(errors: RowError[]): RowError[] {
  return [...errors].sort((a, b) => a.row - b.row).slice(0, MAX_LISTED_ERRORS)
}

const Q = { outside: sql(import.meta.url, 'outside.sql') }

/** The indexes (into `places`) of the places outside the street, or outside every grid when `inGrid`. */
export async function outsideOf(q: Queryable, street: number, places: { i: number; lon: number; lat: number }[], inGrid: boolean) {
  if (!places.length) return new Set<number>()
  const rows = await q.query<{ i: number }>(Q.outside, [street, JSON.stringify(places), inGrid])
  return new Set(rows.map((r) => Number(r.i)))
}

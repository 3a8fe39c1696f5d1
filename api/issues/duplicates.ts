/** Possible duplicates of a report: what its answer and `GET /issues/:id/duplicates` list. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { isoLocal } from '../deadlines/worktime.ts'

const Q = { duplicates: sql(import.meta.url, 'duplicates.sql') }

interface DuplicateRow {
  id: number
  status: string
  reported_at: Date
  description: string
  distance_m: number
}

/** Open issues of the same category within the street's duplicate radius of issue `id`, within `scope`. */
export async function duplicates(db: Queryable, street: number, id: number, scope: string[] | null) {
  const rows = await db.query<DuplicateRow>(Q.duplicates, [street, id, scope])
  return rows.map((r) => ({ ...r, reported_at: isoLocal(r.reported_at), distance_m: Math.round(r.distance_m * 10) / 10 }))
}

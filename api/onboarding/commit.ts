/** Writes a checked, staged street: the street, its configuration copied from the first street, its areas and points. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'

const load = (name: string) => sql(import.meta.url, name)
const Q = {
  lock: load('street-lock.sql'),
  template: load('template-street.sql'),
  street: load('street-insert.sql'),
  defaults: load('defaults-copy.sql'),
  checklists: load('checklists-copy.sql'),
  communities: load('areas-insert.sql'),
  grids: load('grids-insert.sql'),
  points: load('points-insert.sql'),
}

/** Inserts everything in the caller's transaction; returns the new street. */
export async function commitStreet(q: Queryable, code: string, name: string) {
  await q.query(Q.lock)
  const [template] = await q.query<{ id: number }>(Q.template)
  const [street] = await q.query<{ id: number; area_m2: number }>(Q.street, [code, name])
  if (template) {
    await q.query(Q.defaults, [street.id, template.id])
    await q.query(Q.checklists, [street.id, template.id])
  }
  await q.query(Q.communities, [street.id])
  await q.query(Q.grids, [street.id])
  await q.query(Q.points, [street.id])
  return { id: street.id, code, name, area_m2: street.area_m2 }
}

/** GET /issues/:id's body: the issue Feature with its whole timeline in properties.events. */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { inScope } from '../auth/guard.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { notFound } from '../errors.ts'
import { issueFeature, type IssueRow } from './feature.ts'

const Q = { get: sql(import.meta.url, 'get.sql'), events: sql(import.meta.url, 'events.sql') }

interface EventRow {
  id: number
  at: Date
  photos: string[]
  [k: string]: unknown
}

/**
 * The issue as a Feature with `events` (oldest first) and `photos`; 404 when it does not exist or
 * lies outside `scope` (a grid manager's grids), so a patch's edge reveals nothing beyond it.
 */
export async function issueDetail(q: Queryable, street: number, id: number, now: Date, scope: string[] | null = null) {
  const [row] = await q.query<IssueRow>(Q.get, [street, id, now])
  if (!row || !inScope(scope, row.grid_code as string)) throw notFound(`没有编号为 ${id} 的问题 (issue not found)`)
  const events = (await q.query<EventRow>(Q.events, [street, id])).map(({ at, ...e }) => ({ ...e, at: isoLocal(at) }))
  const f = issueFeature(row)
  return {
    ...f,
    properties: {
      ...f.properties,
      group: f.properties.group_code as string | null,
      photos: events.flatMap((e) => e.photos),
      events,
    },
  }
}

/** Turns committed issue events into live messages on the bus (called after the transaction). */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { busFor, relay, type LiveMessage } from './bus.ts'
import type { Db } from '../../db/adapter.ts'
import { scheduleKpi } from './kpi.ts'

const Q = { messages: sql(import.meta.url, 'messages.sql'), latest: sql(import.meta.url, 'latest-event.sql') }

interface EventRow {
  id: number
  at: Date
  deadline: Date | null
  [k: string]: unknown
}

const toMessage =
  (street: number) =>
  ({ id, at, deadline, ...rest }: EventRow): LiveMessage => ({
    id,
    street,
    grid: rest.grid_code as string | null,
    event: 'issue',
    data: { event_id: id, at: isoLocal(at), deadline: deadline ? isoLocal(deadline) : null, ...rest },
  })

/** The messages of given event ids, or of up to `limit` events after `afterId`, oldest first, within `scope`. */
export async function eventMessages(
  q: Queryable,
  street: number,
  now: Date,
  sel: { ids: number[] } | { afterId: number; limit: number },
  scope: string[] | null = null,
): Promise<LiveMessage[]> {
  const ids = 'ids' in sel ? sel.ids : null
  const after = 'afterId' in sel ? sel.afterId : null
  const limit = 'ids' in sel ? sel.ids.length : sel.limit
  const rows = await q.query<EventRow>(Q.messages, [street, ids, after, now, limit, scope])
  return rows.map(toMessage(street))
}

/** The id of the street's latest event (0 when it has none). */
export async function latestEventId(q: Queryable, street: number): Promise<number> {
  const [row] = await q.query<{ id: string | number }>(Q.latest, [street])
  return Number(row.id)
}

/** Pushes committed events to live clients, here and in the other processes, and schedules a KPI refresh; never throws. */
export async function publishEvents(db: Db, street: number, now: Date, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  await deliverEvents(db, street, now, ids)
  await relay(db, { k: 'events', street, ids, now })
}

/** Pushes committed events to this process's live clients and schedules a KPI refresh; never throws. */
export async function deliverEvents(db: Db, street: number, now: Date, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  try {
    const bus = busFor(db)
    for (const m of await eventMessages(db, street, now, { ids })) bus.publish(m)
    scheduleKpi(db, street, now)
  } catch (err) {
    console.error('[stream] publish failed', err)
  }
}

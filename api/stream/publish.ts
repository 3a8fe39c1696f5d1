/** Turns committed issue events into live messages on the bus (called after the transaction). */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { isoLocal } from '../deadlines/worktime.ts'
import { busFor, type BusMessage } from './bus.ts'
import type { Db } from '../../db/adapter.ts'
import { scheduleKpi } from './kpi.ts'

const Q = { messages: sql(import.meta.url, 'messages.sql') }

/** How many missed events one reconnect replays at most (a wall display that was away longer reloads). */
export const REPLAY_LIMIT = 5000

interface EventRow {
  id: number
  at: Date
  deadline: Date | null
  [k: string]: unknown
}

const toMessage = (street: number) => ({ id, at, deadline, ...rest }: EventRow): BusMessage => ({
  id,
  street,
  grid: rest.grid_code as string | null,
  event: 'issue',
  data: { event_id: id, at: isoLocal(at), deadline: deadline ? isoLocal(deadline) : null, ...rest },
})

/** The messages of given event ids, or of every event after `afterId`, oldest first, within `scope`. */
export async function eventMessages(
  q: Queryable,
  street: number,
  now: Date,
  sel: { ids: number[] } | { afterId: number },
  scope: string[] | null = null,
): Promise<BusMessage[]> {
  const ids = 'ids' in sel ? sel.ids : null
  const after = 'afterId' in sel ? sel.afterId : null
  const rows = await q.query<EventRow>(Q.messages, [street, ids, after, now, REPLAY_LIMIT, scope])
  return rows.map(toMessage(street))
}

/** Pushes committed events to live clients and schedules a KPI refresh; never throws. */
export async function publishEvents(db: Db, street: number, now: Date, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  try {
    const bus = busFor(db)
    for (const m of await eventMessages(db, street, now, { ids })) bus.publish(m)
    scheduleKpi(db, street, now)
  } catch (err) {
    console.error('[stream] publish failed', err)
  }
}

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

/**
 * The messages of given event ids, or of up to `limit` events after `afterId` (and up to `upTo`),
 * oldest first, within `scope`.
 */
export async function eventMessages(
  q: Queryable,
  street: number,
  now: Date,
  sel: { ids: number[] } | { afterId: number; limit: number; upTo?: number },
  scope: string[] | null = null,
): Promise<LiveMessage[]> {
  const ids = 'ids' in sel ? sel.ids : null
  const after = 'afterId' in sel ? sel.afterId : null
  const limit = 'ids' in sel ? sel.ids.length : sel.limit
  const upTo = 'upTo' in sel ? (sel.upTo ?? null) : null
  const rows = await q.query<EventRow>(Q.messages, [street, ids, after, now, limit, scope, upTo])
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

/**
 * How far behind the last delivered event a delivery still catches up: a larger gap is left to the
 * clients' replay (a bulk import publishes a KPI refresh instead of its events, api/imports).
 */
const CATCH_UP = 200

/** Per street, the last event id this process delivered, and the delivery in progress (one at a time). */
const delivered = new WeakMap<object, Map<number, { last: number; chain: Promise<void> }>>()

/**
 * Pushes committed events to this process's live clients, in id order, and schedules a KPI refresh;
 * never throws. Events reach a process in the order their messages arrive, not the order they were
 * written: another process's event comes by NOTIFY and may arrive after this process's own later
 * one, and a stream never sends an id below one it has sent. So each delivery also sends the
 * street's events between the last delivered id and these (already committed, or the later write
 * could not have followed them), and an id at or below the last delivered one has been sent.
 */
export async function deliverEvents(db: Db, street: number, now: Date, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  const bus = busFor(db)
  let streets = delivered.get(bus)
  if (!streets) delivered.set(bus, (streets = new Map()))
  let s = streets.get(street)
  if (!s) streets.set(street, (s = { last: -1, chain: Promise.resolve() }))
  const state = s
  state.chain = state.chain.then(async () => {
    try {
      const top = Math.max(...ids)
      if (top <= state.last) return
      const fresh = ids.filter((id) => id > state.last)
      const gap = state.last >= 0 && top - state.last <= CATCH_UP
      const messages = gap
        ? await eventMessages(db, street, now, { afterId: state.last, upTo: top, limit: CATCH_UP })
        : await eventMessages(db, street, now, { ids: fresh })
      for (const m of messages) bus.publish(m)
      state.last = top
      scheduleKpi(db, street, now)
    } catch (err) {
      console.error('[stream] publish failed', err)
    }
  })
  return state.chain
}

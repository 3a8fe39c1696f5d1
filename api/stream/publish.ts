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
  // Side by side: the other processes read the events from the database themselves, in id order, so
  // neither waits for the other (under load each waits for a pool connection).
  await Promise.all([deliverEvents(db, street, now, ids), relay(db, { k: 'events', street, ids, now })])
}

/** More events than this after a street's cursor at once (a large import): streams end and their clients replay. */
const TAIL_LIMIT = 500

/**
 * Per database and street, the last event id this process delivered live, and the chain that
 * serialises deliveries. `start` is the latest id of each street when the process began to deliver:
 * events before it are not live (a client replays them by Last-Event-ID).
 */
type Tails = { start: Promise<Map<number, number>> | null; cursor: Map<number, number>; chain: Map<number, Promise<void>> }
const tails = new WeakMap<Db, Tails>()

const LATEST_PER_STREET = 'SELECT street_id, max(id) AS id FROM issue_events GROUP BY street_id'

function tailsOf(db: Db): Tails {
  let t = tails.get(db)
  if (!t) tails.set(db, (t = { start: null, cursor: new Map(), chain: new Map() }))
  return t
}

/** The per-street starting points, read once (again after a failure). */
function startOf(db: Db, t: Tails): Promise<Map<number, number>> {
  t.start ??= db.query<{ street_id: number; id: number | string }>(LATEST_PER_STREET).then(
    (rows) => new Map(rows.map((r) => [r.street_id, Number(r.id)])),
    (err) => {
      t.start = null
      throw err
    },
  )
  return t.start
}

/** Starts reading where live delivery begins, so a stream opened now gets every event committed after. */
export function primeDelivery(db: Db): void {
  startOf(db, tailsOf(db)).catch(() => undefined)
}

/**
 * Pushes committed events to this process's live clients and schedules a KPI refresh; never throws.
 * `ids` only wakes the street up: what is delivered is every event after the last one delivered,
 * read from the database in id order (db/migrations/0190: ids follow commit order). So an event
 * whose notification arrives late, or never (a lost listener, another process's write), is
 * delivered in its place, before any later one, and no stream moves its Last-Event-ID past it.
 */
export async function deliverEvents(db: Db, street: number, now: Date, ids: number[]): Promise<void> {
  if (ids.length === 0) return
  const t = tailsOf(db)
  const next = (t.chain.get(street) ?? Promise.resolve()).then(() => catchUp(db, t, street, now, Math.max(...ids)))
  t.chain.set(street, next)
  await next
  if (t.chain.get(street) === next) t.chain.delete(street)
}

async function catchUp(db: Db, t: Tails, street: number, now: Date, upTo: number): Promise<void> {
  try {
    const bus = busFor(db)
    let cursor = t.cursor.get(street) ?? (await startOf(db, t)).get(street) ?? 0
    if (upTo <= cursor) return
    const messages = await eventMessages(db, street, now, { afterId: cursor, limit: TAIL_LIMIT + 1 })
    if (messages.length > TAIL_LIMIT) {
      // Too many to push: every stream ends and its client replays a page at a time.
      cursor = await latestEventId(db, street)
      bus.publish({ street: 0, event: 'resync' })
    } else {
      for (const m of messages) bus.publish(m)
      if (messages.length) cursor = messages[messages.length - 1].id!
    }
    t.cursor.set(street, cursor)
    scheduleKpi(db, street, now)
  } catch (err) {
    console.error('[stream] publish failed', err)
  }
}

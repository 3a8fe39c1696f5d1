/**
 * The event bus behind GET /stream: one per database in each process. It keeps no history: a
 * reconnect replays from issue_events by id, which is durable and complete. On a server several
 * processes share the database: each delivers its own messages at once and tells the others
 * through PostgreSQL NOTIFY on BUS_CHANNEL (event ids, revocations), who deliver them to their
 * clients; if that channel may have lost some, every stream is ended so its client reconnects and
 * replays by Last-Event-ID.
 */
import { randomUUID } from 'node:crypto'
import { BUS_CHANNEL, RESYNC_CHANNEL, type Db } from '../../db/adapter.ts'

/** One message pushed to live clients; `id` is the issue_events id (absent for KPI updates). */
export interface LiveMessage {
  id?: number
  street: number
  /** The grid of the issue an `issue` message is about (a grid manager's stream keeps its own). */
  grid?: string | null
  event: 'issue' | 'kpi'
  data: unknown
}

/**
 * What a stream was opened with, named when it stops being valid: an API token (by id), a login
 * session (by the hash of its cookie), or every session of an account (disabled, role changed).
 */
export type Principal = { token: number } | { session: string } | { user: string }

/** Tells every open stream of `principal` to end now. */
export interface Revocation {
  street: number
  event: 'revoked'
  principal: Principal
}

/** Ends every open stream (its client reconnects with Last-Event-ID): live messages may have been lost. */
export interface Resync {
  street: 0
  event: 'resync'
}

export type BusMessage = LiveMessage | Revocation | Resync

/** What travels between processes: event ids to load and deliver, or a revocation. */
type Relayed = { o: string; k: 'events'; street: number; ids: number[]; now: string } | { o: string; k: 'revoked'; m: Revocation }

/** NOTIFY payloads stay under PostgreSQL's 8000 bytes: ids go in batches. */
const IDS_PER_NOTIFY = 400

type Listener = (m: BusMessage) => void

export class Bus {
  private listeners = new Set<Listener>()
  /** This process's name on the channel, so it skips its own notifications (it delivered them already). */
  readonly origin = randomUUID()

  /** Delivers to every listener now. */
  publish(m: BusMessage): void {
    for (const l of this.listeners) l(m)
  }

  /** Registers a listener; returns the function that removes it. */
  subscribe(l: Listener): () => void {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }

  get size(): number {
    return this.listeners.size
  }
}

const buses = new WeakMap<Db, Bus>()

/** The bus of a database, created on first use (routes and the escalation timer share it). */
export function busFor(db: Db): Bus {
  let b = buses.get(db)
  if (!b) {
    const bus = (b = new Bus())
    buses.set(db, bus)
    db.onNotify?.(BUS_CHANNEL, (payload) => void receive(db, bus, payload))
    db.onNotify?.(RESYNC_CHANNEL, () => bus.publish({ street: 0, event: 'resync' }))
  }
  return b
}

/** Delivers what another process published to this process's clients. */
async function receive(db: Db, bus: Bus, payload: string): Promise<void> {
  try {
    const r = JSON.parse(payload) as Relayed
    if (r.o === bus.origin) return
    if (r.k === 'revoked') return bus.publish(r.m)
    // Loaded here, not imported above: publish.ts imports this module.
    const { deliverEvents } = await import('./publish.ts')
    await deliverEvents(db, r.street, new Date(r.now), r.ids)
  } catch (err) {
    console.error('[stream] relayed message failed', err)
  }
}

/** Tells the other processes of a server database (none on the embedded one); never throws. */
export async function relay(db: Db, m: { k: 'events'; street: number; ids: number[]; now: Date } | { k: 'revoked'; m: Revocation }): Promise<void> {
  if (!db.onNotify) return
  const bus = busFor(db)
  const payloads =
    m.k === 'revoked'
      ? [JSON.stringify({ o: bus.origin, k: 'revoked', m: m.m })]
      : Array.from({ length: Math.ceil(m.ids.length / IDS_PER_NOTIFY) }, (_, i) =>
          JSON.stringify({
            o: bus.origin,
            k: 'events',
            street: m.street,
            ids: m.ids.slice(i * IDS_PER_NOTIFY, (i + 1) * IDS_PER_NOTIFY),
            now: m.now.toISOString(),
          }),
        )
  for (const p of payloads) await db.query('SELECT pg_notify($1, $2)', [BUS_CHANNEL, p]).catch((err) => console.error('[stream] relay failed', err))
}

/** Ends the open streams of a revoked token, a logged-out session or a changed account, at once, in every process. */
export function revokeStreams(db: Db, street: number, principal: Principal): void {
  const m: Revocation = { street, event: 'revoked', principal }
  busFor(db).publish(m)
  void relay(db, { k: 'revoked', m })
}

/** Whether two principals name the same credential or account. */
export function samePrincipal(a: Principal, b: Principal): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

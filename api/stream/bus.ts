/**
 * The in-process event bus behind GET /stream: one per database (one process serves one database).
 * It keeps no history: a reconnect replays from issue_events by id, which is durable and complete.
 * Every message is plain JSON, so a bus between processes (LISTEN/NOTIFY, say) can carry the same ones.
 */
import type { Db } from '../../db/adapter.ts'

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

export type BusMessage = LiveMessage | Revocation

type Listener = (m: BusMessage) => void

export class Bus {
  private listeners = new Set<Listener>()

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
  if (!b) buses.set(db, (b = new Bus()))
  return b
}

/** Ends the open streams of a revoked token, a logged-out session or a changed account, at once. */
export function revokeStreams(db: Db, street: number, principal: Principal): void {
  busFor(db).publish({ street, event: 'revoked', principal })
}

/** Whether two principals name the same credential or account. */
export function samePrincipal(a: Principal, b: Principal): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

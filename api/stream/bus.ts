/**
 * The in-process event bus behind GET /stream: one per database (one process serves one database).
 * It keeps no history: a reconnect replays from issue_events by id, which is durable and complete.
 */
import type { Db } from '../../db/adapter.ts'

/** One message pushed to live clients; `id` is the issue_events id (absent for KPI updates). */
export interface BusMessage {
  id?: number
  street: number
  /** The grid of the issue an `issue` message is about (a grid manager's stream keeps its own). */
  grid?: string | null
  event: 'issue' | 'kpi'
  data: unknown
}

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

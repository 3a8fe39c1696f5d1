/**
 * One client's stream, independent of how bytes reach it: replay after Last-Event-ID from
 * issue_events, then live messages from the bus, with heartbeats. Subscribing happens before the
 * replay so nothing committed in between is lost; live messages wait until the replay is out and
 * ids already sent are skipped.
 */
import type { Db } from '../../db/adapter.ts'
import { busFor, type BusMessage } from './bus.ts'
import { eventMessages } from './publish.ts'
import { frame, heartbeat, retry, type View } from './sse.ts'

export interface StreamOptions {
  db: Db
  street: number
  now: Date
  lastId: number | null
  heartbeatMs: number
  /** Staff or public framing (public leaves out who acted and notes). */
  view: View
  /** A grid manager's grids: only issues there, and no street-wide KPIs; null = the whole street. */
  scope: string[] | null
}

/** Starts a session writing to `write`; returns the function that ends it (call on disconnect). */
export function startSession(o: StreamOptions, write: (b: Uint8Array) => void): () => void {
  let held: BusMessage[] | null = []
  let sent = o.lastId ?? 0
  const send = (m: BusMessage) => {
    if (m.id !== undefined) {
      if (m.id <= sent) return
      sent = m.id
    }
    write(frame(m, o.view))
  }
  const off = busFor(o.db).subscribe((m) => {
    if (m.street !== o.street) return
    if (o.scope && (m.event === 'kpi' || !m.grid || !o.scope.includes(m.grid))) return
    if (held) held.push(m)
    else send(m)
  })
  const hb = setInterval(() => write(heartbeat()), o.heartbeatMs)
  write(retry(3000))
  const replay = o.lastId === null ? Promise.resolve([]) : eventMessages(o.db, o.street, o.now, { afterId: o.lastId }, o.scope)
  replay
    .catch((err) => {
      console.error('[stream] replay failed', err)
      return []
    })
    .then((missed) => {
      for (const m of missed) send(m)
      for (const m of held ?? []) send(m)
      held = null
    })
  return () => {
    off()
    clearInterval(hb)
  }
}

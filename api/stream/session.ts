/**
 * One client's stream, independent of how bytes reach it: replay after Last-Event-ID from
 * issue_events, then live messages from the bus, with heartbeats. Subscribing happens before the
 * replay so nothing committed in between is lost; live messages wait until the replay is out and
 * ids already sent are skipped.
 */
import type { Db } from '../../db/adapter.ts'
import { busFor, type BusMessage } from './bus.ts'
import { eventMessages } from './publish.ts'
import { frame, heartbeat, retry } from './sse.ts'

export interface StreamOptions {
  db: Db
  street: number
  now: Date
  lastId: number | null
  heartbeatMs: number
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
    write(frame(m))
  }
  const off = busFor(o.db).subscribe((m) => {
    if (m.street !== o.street) return
    if (held) held.push(m)
    else send(m)
  })
  const hb = setInterval(() => write(heartbeat()), o.heartbeatMs)
  write(retry(3000))
  const replay = o.lastId === null ? Promise.resolve([]) : eventMessages(o.db, o.street, o.now, { afterId: o.lastId })
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

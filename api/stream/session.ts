/**
 * One client's stream, independent of how bytes reach it: replay after Last-Event-ID from
 * issue_events, then live messages from the bus, with heartbeats. Subscribing happens before the
 * replay so nothing committed in between is lost; live messages wait until the replay is out and
 * ids already sent are skipped. The replay is paced by the client; a client that stops reading is
 * dropped once `bufferBytes` wait for it, and a revocation of its credential ends the stream.
 */
import type { Db } from '../../db/adapter.ts'
import { busFor, samePrincipal, type LiveMessage, type Principal } from './bus.ts'
import { eventMessages, latestEventId, primeDelivery } from './publish.ts'
import { frame, heartbeat, reset, retry, type View } from './sse.ts'

/** Where a session's bytes go: the Node response, or a web ReadableStream. */
export interface Sink {
  /** Queues bytes; false when the client is behind (wait for `drained` before more replay). */
  write(b: Uint8Array): boolean
  /** Resolves once the client has caught up (or the connection is gone). */
  drained(): Promise<void>
  /** Bytes queued for the client that it has not taken yet. */
  buffered(): number
  /** Ends the response; the client may reconnect with its Last-Event-ID. */
  end(): void
  /** Drops the connection without waiting for queued bytes. */
  destroy(): void
}

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
  /** Events one reconnect replays at most (public: more → `reset`; staff: a page, then the stream ends). */
  replayLimit: number
  /** Bytes queued for a client beyond which it is dropped. */
  bufferBytes: number
  /** The credential and account the stream was opened with; a revocation of any of them ends it. */
  principals: Principal[]
  /** When the credential expires (ms from now), or null. */
  expiresInMs: number | null
  /** Called once when the session ends, however it ends. */
  onEnd: () => void
}

/** Starts a session writing to `sink`; returns the function that ends it (call on disconnect). */
export function startSession(o: StreamOptions, sink: Sink): () => void {
  let held: LiveMessage[] | null = []
  let heldBytes = 0
  let sent = o.lastId ?? 0
  let ended = false
  const write = (b: Uint8Array): boolean => {
    if (ended) return true
    const ok = sink.write(b)
    if (sink.buffered() > o.bufferBytes) finish('destroy')
    return ok
  }
  const send = (m: LiveMessage): boolean => {
    if (m.id !== undefined) {
      if (m.id <= sent) return true
      sent = m.id
    }
    return write(frame(m, o.view))
  }
  primeDelivery(o.db)
  const off = busFor(o.db).subscribe((m) => {
    // Live messages may have been lost between processes: the client reconnects and replays.
    if (m.event === 'resync') return finish('end')
    if (m.street !== o.street) return
    if (m.event === 'revoked') {
      if (o.principals.some((p) => samePrincipal(p, m.principal))) finish('destroy')
      return
    }
    if (o.scope && (m.event === 'kpi' || !m.grid || !o.scope.includes(m.grid))) return
    if (!held) return void send(m)
    held.push(m)
    // A client stuck in its replay holds live messages too: the same bound, then it resumes on reconnect.
    if ((heldBytes += frame(m, o.view).byteLength) > o.bufferBytes) finish('destroy')
  })
  const hb = setInterval(() => write(heartbeat()), o.heartbeatMs)
  // Timers take at most 2^31-1 ms (~24.8 days); a credential that lasts longer ends the stream then, and the client reconnects.
  const expiry = o.expiresInMs === null ? undefined : setTimeout(() => finish('destroy'), Math.min(Math.max(0, o.expiresInMs), 2 ** 31 - 1))

  function stop() {
    if (ended) return
    ended = true
    off()
    clearInterval(hb)
    clearTimeout(expiry)
    held = null
    o.onEnd()
  }
  function finish(how: 'end' | 'destroy') {
    if (ended) return
    stop()
    sink[how]()
  }

  async function replay() {
    if (o.lastId === null) return
    const missed = await eventMessages(o.db, o.street, o.now, { afterId: o.lastId, limit: o.replayLimit + 1 }, o.scope)
    if (missed.length > o.replayLimit && o.view === 'public') {
      // A wall needs the current state, not the history: one message telling it to reload.
      sent = Math.max(sent, await latestEventId(o.db, o.street))
      write(reset(sent, o.replayLimit))
      return
    }
    for (const m of missed.slice(0, o.replayLimit)) {
      if (!send(m) && !ended) await sink.drained()
    }
    // Staff get the history a page at a time: the client reconnects with the page's last id.
    if (missed.length > o.replayLimit) finish('end')
  }

  write(retry(3000))
  replay()
    .catch((err) => console.error('[stream] replay failed', err))
    .then(() => {
      for (const m of held ?? []) send(m)
      held = null
    })
  return stop
}

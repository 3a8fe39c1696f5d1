/** Server-Sent Events framing: one message, one comment. */
import type { LiveMessage } from './bus.ts'

const enc = new TextEncoder()

// One message goes to every connected client: serialise it once per view, not once per client.
const framed = { staff: new WeakMap<LiveMessage, Uint8Array>(), public: new WeakMap<LiveMessage, Uint8Array>() }

/** Fields of an issue message that name people or carry free text: not for anonymous or kiosk readers. */
export const PERSONAL_FIELDS = ['actor', 'note'] as const

/** Who reads a stream: staff see the whole message, the public (anonymous, kiosk) not its personal fields. */
export type View = keyof typeof framed

function publicData(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data
  const copy: Record<string, unknown> = { ...(data as Record<string, unknown>) }
  for (const k of PERSONAL_FIELDS) delete copy[k]
  return copy
}

/** A message as SSE bytes; issue messages carry their event id so a reconnect can resume. */
export function frame(m: LiveMessage, view: View = 'staff'): Uint8Array {
  let bytes = framed[view].get(m)
  if (!bytes) {
    const id = m.id !== undefined ? `id: ${m.id}\n` : ''
    const data = view === 'public' && m.event === 'issue' ? publicData(m.data) : m.data
    bytes = enc.encode(`${id}event: ${m.event}\ndata: ${JSON.stringify(data)}\n\n`)
    framed[view].set(m, bytes)
  }
  return bytes
}

/** A comment line: keeps proxies from closing an idle stream and is ignored by EventSource. */
export const heartbeat = (): Uint8Array => enc.encode(`: heartbeat ${Date.now()}\n\n`)

/** Tells EventSource how long to wait before reconnecting. */
export const retry = (ms: number): Uint8Array => enc.encode(`retry: ${ms}\n\n`)

/**
 * Tells a reader that more was missed than its replay limit allows: reload the current state. Its id
 * is the latest event's, so the client's next reconnect resumes from there instead of resetting again.
 */
export const reset = (latestId: number, limit: number): Uint8Array =>
  enc.encode(`id: ${latestId}\nevent: reset\ndata: ${JSON.stringify({ reason: 'replay_limit', replay_limit: limit })}\n\n`)

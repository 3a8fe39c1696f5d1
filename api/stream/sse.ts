/** Server-Sent Events framing: one message, one comment. */
import type { BusMessage } from './bus.ts'

const enc = new TextEncoder()

// One message goes to every connected client: serialise it once, not once per client.
const framed = new WeakMap<BusMessage, Uint8Array>()

/** A message as SSE bytes; issue messages carry their event id so a reconnect can resume. */
export function frame(m: BusMessage): Uint8Array {
  let bytes = framed.get(m)
  if (!bytes) {
    const id = m.id !== undefined ? `id: ${m.id}\n` : ''
    bytes = enc.encode(`${id}event: ${m.event}\ndata: ${JSON.stringify(m.data)}\n\n`)
    framed.set(m, bytes)
  }
  return bytes
}

/** A comment line: keeps proxies from closing an idle stream and is ignored by EventSource. */
export const heartbeat = (): Uint8Array => enc.encode(`: heartbeat ${Date.now()}\n\n`)

/** Tells EventSource how long to wait before reconnecting. */
export const retry = (ms: number): Uint8Array => enc.encode(`retry: ${ms}\n\n`)

/**
 * GET /stream: live issue changes and KPIs as Server-Sent Events. A reconnect with Last-Event-ID
 * (header, or `last_event_id` for clients that cannot set headers) first replays what it missed from
 * issue_events, then continues live; heartbeat comments keep proxies from closing an idle stream.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import type { AppEnv } from '../env.ts'
import { resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { busFor, type BusMessage } from './bus.ts'
import { eventMessages } from './publish.ts'
import { frame, heartbeat, retry } from './sse.ts'

/** Interval of heartbeat comments; proxies commonly drop a stream idle for 30–60 s. */
export const HEARTBEAT_MS = 15_000

const query = z
  .object({
    street: z.string().regex(/^\d{9}$/, 'expected a 9-digit street code').optional(),
    last_event_id: z.string().regex(/^\d{1,15}$/).optional(),
    heartbeat_ms: z.coerce.number().int().min(10).max(60_000).optional(),
  })
  .strict()

export const streamRoutes = new Hono<AppEnv>().get('/', valid('query', query), async (c) => {
  const { db, now } = c.var.deps
  const q = c.req.valid('query')
  const street = await resolveStreet(db, q.street)
  const header = c.req.header('Last-Event-ID')
  const lastId = /^\d{1,15}$/.test(header ?? '') ? Number(header) : q.last_event_id ? Number(q.last_event_id) : null
  const bus = busFor(db)
  let stop = () => {}
  const body = new ReadableStream<Uint8Array>({
    async start(ctl) {
      // Subscribe before replaying so nothing committed in between is lost; live messages wait in
      // `held` until the replay is out, and ids already replayed are skipped.
      let held: BusMessage[] | null = []
      let sent = lastId ?? 0
      const send = (m: BusMessage) => {
        if (m.id !== undefined) {
          if (m.id <= sent) return
          sent = m.id
        }
        ctl.enqueue(frame(m))
      }
      const off = bus.subscribe((m) => {
        if (m.street !== street) return
        if (held) held.push(m)
        else send(m)
      })
      const hb = setInterval(() => ctl.enqueue(heartbeat()), q.heartbeat_ms ?? HEARTBEAT_MS)
      stop = () => {
        off()
        clearInterval(hb)
      }
      ctl.enqueue(retry(3000))
      try {
        if (lastId !== null) for (const m of await eventMessages(db, street, now(), { afterId: lastId })) send(m)
      } catch (err) {
        console.error('[stream] replay failed', err)
      }
      for (const m of held) send(m)
      held = null
    },
    cancel() {
      stop()
    },
  })
  return c.body(body, 200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
})

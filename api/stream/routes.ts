/**
 * GET /stream: live issue changes and KPIs as Server-Sent Events. A reconnect with Last-Event-ID
 * (header, or `last_event_id` for clients that cannot set headers) first replays what it missed from
 * issue_events, then continues live; heartbeat comments keep proxies from closing an idle stream.
 */
import type { ServerResponse } from 'node:http'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { Hono } from 'hono'
import { z } from 'zod'
import { gridScope, STAFF } from '../auth/guard.ts'
import type { AppEnv } from '../env.ts'
import { resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import { startSession } from './session.ts'

/** Interval of heartbeat comments; proxies commonly drop a stream idle for 30–60 s. */
export const HEARTBEAT_MS = 15_000

const HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
}

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
  // Anonymous and kiosk readers get the public framing; a grid manager only their grids' issues.
  const user = c.var.user
  const view = user && STAFF.includes(user.role) ? ('staff' as const) : ('public' as const)
  const opts = { db, street, now: now(), lastId, heartbeatMs: q.heartbeat_ms ?? HEARTBEAT_MS, view, scope: gridScope(user) }
  // Under the Node server, write to the socket directly: with a thousand wall displays a web
  // ReadableStream per client costs more than the messages themselves.
  const res = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing
  if (res) {
    res.writeHead(200, HEADERS)
    res.flushHeaders()
    const stop = startSession(opts, (b) => res.write(b))
    res.on('close', stop)
    return RESPONSE_ALREADY_SENT
  }
  let stop = () => {}
  const body = new ReadableStream<Uint8Array>({
    start: (ctl) => void (stop = startSession(opts, (b) => ctl.enqueue(b))),
    cancel: () => stop(),
  })
  return c.body(body, 200, HEADERS)
})

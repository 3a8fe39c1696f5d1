/**
 * GET /stream: live issue changes and KPIs as Server-Sent Events. A reconnect with Last-Event-ID
 * (header, or `last_event_id` for clients that cannot set headers) first replays what it missed from
 * issue_events, then continues live; heartbeat comments keep proxies from closing an idle stream.
 * Open streams are limited per address and in total (config `stream`), counted before any work.
 */
import type { ServerResponse } from 'node:http'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { sql } from '../../db/sql.ts'
import { clientAddress } from '../auth/audit.ts'
import { gridScope, STAFF } from '../auth/guard.ts'
import { readSession } from '../auth/cookie.ts'
import { secretHash } from '../auth/secret.ts'
import type { AppEnv } from '../env.ts'
import { errorBody } from '../errors.ts'
import { resolveStreet } from '../filters.ts'
import { valid } from '../validate.ts'
import type { Principal } from './bus.ts'
import { startSession, type StreamOptions } from './session.ts'
import { nodeSink, webSink } from './sinks.ts'
import { StreamSlots } from './slots.ts'

const Q = { credential: sql(import.meta.url, 'credential.sql') }

/** Interval of heartbeat comments; proxies commonly drop a stream idle for 30–60 s. */
export const HEARTBEAT_MS = 15_000

/** Seconds a refused client is asked to wait before trying again. */
export const STREAM_RETRY_AFTER_S = 30

const HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
}

const REFUSED = {
  address: { status: 429, code: 'too_many_streams', message: '此地址打开的实时连接过多，请关闭一些页面后再试 (too many streams from this address)' },
  total: { status: 503, code: 'server_busy', message: '实时连接已满，请稍后再试 (the server takes no more streams now)' },
} as const

const query = z
  .object({
    street: z
      .string()
      .regex(/^\d{9}$/, 'expected a 9-digit street code')
      .optional(),
    last_event_id: z
      .string()
      .regex(/^\d{1,15}$/)
      .optional(),
    heartbeat_ms: z.coerce.number().int().min(10).max(60_000).optional(),
  })
  .strict()

/** What names the request's credential in a revocation, and when it expires (ms from now). */
async function credentialOf(c: Context<AppEnv>): Promise<{ principals: Principal[]; expiresInMs: number | null }> {
  const user = c.var.user
  if (!user) return { principals: [], expiresInMs: null }
  const { db, now } = c.var.deps
  const secret = c.var.authVia === 'bearer' ? c.req.header('authorization')!.replace(/^Bearer\s+/i, '') : readSession(c)!
  const hash = secretHash(secret)
  const [row] = await db.query<{ token_id: string | number | null; expires_at: Date | null }>(Q.credential, [hash])
  if (row?.token_id != null) return { principals: [{ token: Number(row.token_id) }], expiresInMs: null }
  return {
    principals: [{ session: hash }, { user: user.username }],
    expiresInMs: row?.expires_at ? row.expires_at.getTime() - now().getTime() : 0,
  }
}

/** Builds the stream router; its slot counts live as long as the app (per process). */
export function streamRoutes() {
  const slots = new StreamSlots()
  return new Hono<AppEnv>().get('/', valid('query', query), async (c) => {
    const { db, now, config } = c.var.deps
    const release = slots.acquire(clientAddress(c) || 'unknown', config.stream)
    if (typeof release === 'string') {
      const r = REFUSED[release]
      c.header('Retry-After', String(STREAM_RETRY_AFTER_S))
      return c.json(errorBody(r.code, r.message), r.status)
    }
    let opts: StreamOptions
    try {
      const q = c.req.valid('query')
      const street = await resolveStreet(db, q.street)
      const header = c.req.header('Last-Event-ID')
      const lastId = /^\d{1,15}$/.test(header ?? '') ? Number(header) : q.last_event_id ? Number(q.last_event_id) : null
      // Anonymous and kiosk readers get the public framing; a grid manager only their grids' issues.
      const user = c.var.user
      const view = user && STAFF.includes(user.role) ? ('staff' as const) : ('public' as const)
      const limits = config.stream
      opts = {
        db,
        street,
        now: now(),
        lastId,
        heartbeatMs: q.heartbeat_ms ?? HEARTBEAT_MS,
        view,
        scope: gridScope(user),
        replayLimit: view === 'staff' ? limits.replayStaff : limits.replayPublic,
        bufferBytes: limits.bufferBytes,
        ...(await credentialOf(c)),
        onEnd: release,
      }
    } catch (err) {
      release()
      throw err
    }
    // Under the Node server, write to the socket directly: with a thousand wall displays a web
    // ReadableStream per client costs more than the messages themselves.
    const res = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing
    if (res) {
      res.writeHead(200, HEADERS)
      res.flushHeaders()
      const stop = startSession(opts, nodeSink(res))
      if (!res.socket || res.socket.destroyed)
        stop() // the client left while the stream was set up
      else res.on('close', stop)
      return RESPONSE_ALREADY_SENT
    }
    let stop = () => {}
    const { body, sink } = webSink(() => stop())
    stop = startSession(opts, sink)
    return c.body(body, 200, HEADERS)
  })
}

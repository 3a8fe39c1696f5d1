/**
 * The public channel's rate limits: per client address and per device, counted in the database (so
 * every process shares them) before the request is read further. The request that first crosses a
 * limit is written to the audit log; the ones after it only get their 429.
 */
import type { Context } from 'hono'
import { sql } from '../../db/sql.ts'
import { audit, clientAddress } from '../auth/audit.ts'
import type { AppEnv } from '../env.ts'
import { ApiError } from '../errors.ts'
import { RATE } from './limits.ts'

const Q = { hit: sql(import.meta.url, 'rate-hit.sql'), sweep: sql(import.meta.url, 'rate-sweep.sql') }

/** A device id the /report page keeps in the browser (random, no personal data). */
export function deviceOf(c: Context<AppEnv>): string | null {
  const d = c.req.header('x-device-id') ?? ''
  return /^[0-9A-Za-z_-]{8,64}$/.test(d) ? d : null
}

/** Counts the request under each `[key, max]`; throws 429 with Retry-After when one is over. */
export async function limit(c: Context<AppEnv>, street: number, keys: [string, number][]): Promise<void> {
  const { db, now } = c.var.deps
  const w = RATE.windowSeconds
  const t = now().getTime() / 1000
  const bucket = Math.floor(t / w)
  if (Math.random() < 0.01) await db.query(Q.sweep, [street, bucket - 1])
  for (const [key, max] of keys) {
    const [row] = await db.query<{ hits: number }>(Q.hit, [street, key, bucket])
    if (row.hits <= max) continue
    if (row.hits === max + 1) await audit(c, 'public_rate_limited', key, { max, window_s: w })
    const retry = Math.max(1, Math.ceil((bucket + 1) * w - t))
    c.header('Retry-After', String(retry))
    throw new ApiError(429, 'too_many_requests', `提交太频繁，请 ${Math.ceil(retry / 60)} 分钟后再试 (too many requests)`)
  }
}

/** The address key of a request ('' when the socket has none, as in in-process tests). */
export const addressKey = (c: Context<AppEnv>, what: string) => `${what}:addr:${clientAddress(c)}`

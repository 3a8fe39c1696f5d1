/**
 * Exactly-once writes for retrying clients (the phone's offline queue): a request carrying an
 * `Idempotency-Key` claims the key, does its write and stores its answer in one transaction; a repeat
 * of the same key and body gets that answer back (`Idempotent-Replayed: true`) and writes nothing.
 */
import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import { z } from 'zod'
import type { Db, Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import type { AppEnv } from '../env.ts'
import { badRequest, unprocessable } from '../errors.ts'

const Q = {
  claim: sql(import.meta.url, 'claim.sql'),
  answer: sql(import.meta.url, 'answer.sql'),
  find: sql(import.meta.url, 'find.sql'),
  expire: sql(import.meta.url, 'expire.sql'),
}

export const KEY_HEADER = 'Idempotency-Key'
export const REPLAYED_HEADER = 'Idempotent-Replayed'

/** How long a key is kept: longer than any phone stays offline with a queued write. */
export const KEY_RETENTION_DAYS = 90

/** The request's key (lower case), or null without the header; a key that is not a UUID is refused (400). */
export function idempotencyKey(c: Context<AppEnv>): string | null {
  const raw = c.req.header(KEY_HEADER)
  if (raw === undefined) return null
  const key = z.uuid().safeParse(raw.trim())
  if (!key.success) throw badRequest('invalid_idempotency_key', `${KEY_HEADER} 须为 UUID (must be a UUID)`)
  return key.data.toLowerCase()
}

/** What identifies a request under its key: who sent it, to which route, with which body. */
export function requestHash(actor: string, route: string, body: string | Uint8Array): string {
  return createHash('sha256').update(actor).update('\n').update(route).update('\n').update(body).digest('hex')
}

export interface Once {
  street: number
  key: string | null
  actor: string
  hash: string
  now: Date
  status: number
}

/**
 * Runs `write` in one transaction and returns its answer; with a key, the key is claimed first and
 * the answer stored with it, and a key already used returns the stored answer (`replayed`) without
 * running `write`, or 422 `idempotency_key_reused` when it was used for another request.
 */
export async function once<B, X>(
  db: Db,
  o: Once,
  write: (q: Queryable) => Promise<{ body: B; extra: X }>,
): Promise<{ body: B; extra: X | null; replayed: boolean }> {
  return db.tx(async (q) => {
    if (o.key === null) return { ...(await write(q)), replayed: false }
    const claimed = await q.query(Q.claim, [o.street, o.key, o.actor, o.hash, o.now])
    if (!claimed.length) {
      const [kept] = await q.query<{ request_hash: string; body: string | null }>(Q.find, [o.street, o.key])
      if (!kept || kept.request_hash !== o.hash || kept.body === null)
        throw unprocessable('idempotency_key_reused', `${KEY_HEADER} 已用于另一个请求 (the key was used for another request)`)
      return { body: JSON.parse(kept.body) as B, extra: null, replayed: true }
    }
    // Expired keys go before the write: writes that add events hold a lock every such writer waits
    // for from their event insert to COMMIT (0190), so what does not need it runs first.
    await q.query(Q.expire, [o.street, new Date(o.now.getTime() - KEY_RETENTION_DAYS * 86_400_000)])
    const made = await write(q)
    await q.query(Q.answer, [o.street, o.key, o.status, JSON.stringify(made.body)])
    return { ...made, replayed: false }
  })
}

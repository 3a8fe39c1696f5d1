/**
 * Proof of work instead of a captcha service: the server hands out a random seed; the page finds a
 * nonce whose SHA-256 of `seed:nonce` starts with `bits` zero bits (about 2^bits hashes, a second or
 * two on a phone) and sends both with the report. Each seed is taken once.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'
import { unprocessable } from '../errors.ts'
import { CHALLENGE_SECONDS } from './limits.ts'

const Q = { issue: sql(import.meta.url, 'challenge-issue.sql'), take: sql(import.meta.url, 'challenge-take.sql') }

/** Leading zero bits of a digest. */
export function zeroBits(digest: Uint8Array): number {
  let n = 0
  for (const b of digest) {
    if (b === 0) {
      n += 8
      continue
    }
    return n + Math.clz32(b) - 24
  }
  return n
}

/** Whether `nonce` answers `seed` with at least `bits` zero bits. */
export const solves = (seed: string, nonce: string, bits: number) => zeroBits(createHash('sha256').update(`${seed}:${nonce}`).digest()) >= bits

/** A new challenge for the street. */
export async function newChallenge(db: Queryable, street: number, bits: number, now: Date) {
  const [row] = await db.query<{ seed: string; bits: number; expires_at: Date }>(Q.issue, [
    street,
    randomBytes(16).toString('hex'),
    bits,
    now,
    CHALLENGE_SECONDS,
  ])
  return { seed: row.seed, bits: row.bits, expires_at: row.expires_at.toISOString() }
}

/** Takes the challenge `seed` answered by `nonce`; 422 when unknown, expired, used or not solved. */
export async function takeChallenge(db: Queryable, street: number, seed: string, nonce: string, now: Date): Promise<void> {
  const [row] = await db.query<{ bits: number }>(Q.take, [street, seed, now])
  if (!row || !solves(seed, nonce, row.bits))
    throw unprocessable('challenge_failed', '验证已失效，请重新提交 (proof of work missing, expired or wrong)')
}

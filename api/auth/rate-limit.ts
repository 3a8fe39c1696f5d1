/**
 * The login limiter. Every attempt is counted in the database BEFORE the password is checked (one
 * atomic upsert per key), so parallel guesses cannot outrun the count, and every process shares it.
 *
 * - account × client address: 5 attempts that did not succeed in 15 minutes, then 429 for that
 *   address only. The owner elsewhere (another desk behind the same NAT shows the same address, but
 *   another account has its own key) is not locked out by someone else's guessing.
 * - account over all addresses: after 10 such attempts in 15 minutes, one attempt per 5 seconds
 *   (429 with a Retry-After of seconds): a guesser with many addresses is slowed to 12 a minute,
 *   and the owner waits seconds, never a lockout.
 * - client address: at most 8 logins in flight (waiting for or in the password check, which is
 *   deliberately slow and memory hungry), 64 in the whole process; more answer 429 at once, before
 *   any database or hash work. password.ts runs at most 2 hashes at a time.
 *
 * A successful login gives its attempt back and clears its account × address key.
 */
import type { Queryable } from '../../db/adapter.ts'
import { sql } from '../../db/sql.ts'

export const LOGIN_LIMITS = {
  windowSeconds: 15 * 60,
  perAccountAddress: 5,
  perAccount: 10,
  accountSpacingSeconds: 5,
  inFlightPerAddress: 8,
  inFlightTotal: 64,
} as const

const CLAIM = sql(import.meta.url, 'login-claim.sql')
const REFUSED = sql(import.meta.url, 'login-refused.sql')
const RELEASE = sql(import.meta.url, 'login-release.sql')
const RESET = sql(import.meta.url, 'login-reset.sql')
const SWEEP = sql(import.meta.url, 'login-sweep.sql')

type Scope = 'pair' | 'account'
interface Key {
  scope: Scope
  key: string
  max: number
  spacing: number | null
}

/** The two keys of one attempt; the address never contains '|', so the pair key is unambiguous. */
function keys(username: string, address: string): Key[] {
  const L = LOGIN_LIMITS
  return [
    { scope: 'pair', key: `${address}|${username}`, max: L.perAccountAddress, spacing: null },
    { scope: 'account', key: username, max: L.perAccount, spacing: L.accountSpacingSeconds },
  ]
}

export interface Attempt {
  street: number
  username: string
  address: string
  now: Date
}

/** Counts the attempt; 0 when it may go on to the password check, else seconds until it may retry. */
export async function claimLogin(db: Queryable, a: Attempt): Promise<number> {
  const W = LOGIN_LIMITS.windowSeconds
  await db.query(SWEEP, [a.street, a.now, W])
  const claimed: Key[] = []
  for (const k of keys(a.username, a.address)) {
    const ok = await db.query(CLAIM, [a.street, k.scope, k.key, a.now, W, k.max, k.spacing])
    if (ok.length) {
      claimed.push(k)
      continue
    }
    for (const c of claimed) await db.query(RELEASE, [a.street, c.scope, c.key])
    const [r] = await db.query<{ retry_after: number }>(REFUSED, [a.street, k.scope, k.key, W, k.spacing, k.max, a.now])
    return r?.retry_after ?? 1
  }
  return 0
}

/** A successful login: its attempt was no guess, and its own account × address key starts afresh. */
export async function loginSucceeded(db: Queryable, a: Attempt): Promise<void> {
  const [pair, account] = keys(a.username, a.address)
  await db.query(RESET, [a.street, pair.scope, pair.key])
  await db.query(RELEASE, [a.street, account.scope, account.key])
}

/** Logins in flight, per client address and in total; the map holds only live entries. */
export class InFlight {
  private readonly byKey = new Map<string, number>()
  private total = 0

  constructor(
    private readonly perKey: number,
    private readonly max: number,
  ) {}

  /** Takes a slot, or returns false when the key or the process is at its limit. */
  enter(key: string): boolean {
    const n = this.byKey.get(key) ?? 0
    if (n >= this.perKey || this.total >= this.max) return false
    this.byKey.set(key, n + 1)
    this.total++
    return true
  }

  leave(key: string): void {
    const n = (this.byKey.get(key) ?? 1) - 1
    if (n > 0) this.byKey.set(key, n)
    else this.byKey.delete(key)
    this.total--
  }
}

/**
 * Password hashing with scrypt (node:crypto): salted, versioned (the parameters are stored with
 * the hash, so a login can tell an old hash and rehash it), compared in constant time.
 */
import { randomBytes, scrypt, timingSafeEqual, type BinaryLike } from 'node:crypto'

/** scrypt's cost parameters. */
export interface ScryptCost {
  N: number
  r: number
  p: number
}

/** OWASP Password Storage Cheat Sheet: N=2^17, r=8, p=1 (128 MiB and most of a second per hash). */
export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 }
const KEYLEN = 32
/** Hashes run at once; each takes 128·N·r bytes, so this bounds memory as well as CPU. */
const MAX_HASHING = 2

let running = 0
const waiting: (() => void)[] = []

/** Runs fn when a hashing slot is free; a finished hash hands its slot to the next in line. */
async function inSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running < MAX_HASHING) running++
  else await new Promise<void>((go) => waiting.push(go))
  try {
    return await fn()
  } finally {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

function derive(password: BinaryLike, salt: Buffer, o: ScryptCost): Promise<Buffer> {
  // maxmem: scrypt needs 128·N·r bytes plus a little; twice that leaves room and still refuses absurd N.
  const maxmem = 2 * 128 * o.N * o.r
  return inSlot(
    () => new Promise((resolve, reject) => scrypt(password, salt, KEYLEN, { ...o, maxmem }, (err, key) => (err ? reject(err) : resolve(key)))),
  )
}

/** A storable hash: scrypt$N$r$p$salt$key (base64). */
export async function hashPassword(password: string, cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, cost)
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$')
}

interface Parsed extends ScryptCost {
  salt: Buffer
  key: Buffer
}

const isPow2 = (n: number) => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0

/** The parts of a stored hash, or null when it is not one we could have written. */
function parse(stored: string): Parsed | null {
  const [kind, n, r, p, salt, key, ...rest] = stored.split('$')
  const N = Number(n)
  const cost = { N, r: Number(r), p: Number(p) }
  if (kind !== 'scrypt' || rest.length || !salt || !key) return null
  // Bounds a little above today's cost: a stored hash must not make one login allocate gigabytes.
  if (!isPow2(N) || N > 2 ** 18 || !Number.isInteger(cost.r) || cost.r < 1 || cost.r > 16 || !Number.isInteger(cost.p) || cost.p < 1 || cost.p > 4)
    return null
  const parsed = { ...cost, salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') }
  return parsed.salt.length && parsed.key.length ? parsed : null
}

/** Whether a password matches a stored hash; a malformed hash never matches (false, never a throw). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored)
  if (!h) return false
  const got = await derive(password, h.salt, h).catch(() => null)
  return !!got && got.length === h.key.length && timingSafeEqual(got, h.key)
}

/** Whether a (verified) stored hash was made with other parameters than `cost` and should be rehashed. */
export function needsRehash(stored: string, cost: ScryptCost = PASSWORD_COST): boolean {
  const h = parse(stored)
  return !h || h.N !== cost.N || h.r !== cost.r || h.p !== cost.p
}

const dummies = new Map<string, Promise<string>>()

/** A hash of a random password at `cost`, checked when the user is unknown so timing tells nothing. */
export function dummyHash(cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const k = `${cost.N}/${cost.r}/${cost.p}`
  if (!dummies.has(k)) dummies.set(k, hashPassword(randomBytes(12).toString('hex'), cost))
  return dummies.get(k)!
}

/** 查询码: the tracking code a reporter keeps. 80 random bits, never derived from the row's id. */
import { randomBytes } from 'node:crypto'

/** Crockford's base32: no I, L, O, U, so a code read over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const CODE_LENGTH = 16

/** A new code: 16 symbols of 5 bits from 10 random bytes. */
export function newCode(): string {
  const bytes = randomBytes(10)
  let bits = 0n
  for (const b of bytes) bits = (bits << 8n) | BigInt(b)
  let out = ''
  for (let k = CODE_LENGTH - 1; k >= 0; k--) out += ALPHABET[Number((bits >> BigInt(k * 5)) & 31n)]
  return out
}

/** A code as typed by a person: upper case, without spaces and dashes; null if it cannot be one. */
export function normaliseCode(s: string): string | null {
  const c = s.toUpperCase().replace(/[\s-]/g, '')
  return c.length === CODE_LENGTH && [...c].every((ch) => ALPHABET.includes(ch)) ? c : null
}
